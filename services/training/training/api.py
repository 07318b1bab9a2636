from training.brand_library.endpoints import router as brand_library
from training.commissioner_dispatches.endpoints import router as commissioner_dispatches
from training.demonstration_program.endpoints import program, standard
from training.mark_applications.endpoints import router as mark_applications
from training.recognitions.endpoints import recognitions, recommendations
from training.trademark_guidance.endpoints import router as trademark_guidance
from training.trainings.endpoints import router as trainings

routers = [
    trainings, recommendations, recognitions, program, standard, commissioner_dispatches, brand_library, trademark_guidance,
    mark_applications,
]
