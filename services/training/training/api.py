from training.demonstration_program.endpoints import program, standard
from training.recognitions.endpoints import recognitions, recommendations
from training.trainings.endpoints import router as trainings

routers = [trainings, recommendations, recognitions, program, standard]
