"""The app under gunicorn with the benchmark's floors added (floors.py as ROOT_URLCONF):

gunicorn --pythonpath .,benchmarks floors_wsgi:application
"""

import os

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendready.settings")
django.setup()
settings.ROOT_URLCONF = "floors"
application = WSGIHandler()
