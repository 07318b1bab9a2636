"""Example values shown in the OpenAPI documents."""

ENTERPRISE = {"uscc": "91420100MA4KPN7X2M", "name": "武汉某某科技有限公司", "ownership": "private", "region": "420100"}
