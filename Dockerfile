FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext fonts-wqy-microhei postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
RUN python manage.py compilemessages --ignore=.venv --verbosity 0 \
    && SECRET_KEY=build python manage.py collectstatic --no-input --verbosity 0

RUN useradd --create-home portal && mkdir -p /app/var && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "-c", "python:greentech.gunicorn_conf", "greentech.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
