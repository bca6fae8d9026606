"""Package names one slip away from a much-installed package: typosquats.

Attackers publish `reqeusts`, `python-dotnev`, `1odash`, `expresss` and wait for a mistyped install; the package's
setup script or install hook runs at once. The test is the one the registries' own typosquatting checks and the
typogard / pypi-scan tools use: against a list of the most-installed names (below, by ecosystem), a name that is
not itself on the list but is

- one edit from a listed name: a character left out, added (a doubled letter too), swapped with its neighbour, or
  replaced (for names of five characters by a keyboard neighbour or a look-alike only: short names sit close together);
- the same name with its separators changed (`pythondateutil`, `scikitlearn`, `tensor-flow`) or its words reordered
  (`dateutil-python`);
- the same name with look-alike letters (`rn` for `m`, `vv` for `w`, `1` for `l`, `0` for `o`).

Names of three characters or fewer are never judged (every short name is one edit from another), nor names on the
list: two popular names one edit apart (`boto`/`boto3`, `attrs`/`cattrs`, `flax`/`flask`) are both on it.
Look-ups only (a symmetric-delete index built on first use): a few microseconds a name.
"""
from __future__ import annotations

import re

PYPI = "pypi"
NPM = "npm"

# the most-installed Python packages (names as the index normalises them are compared), with the popular names one
# edit from another popular one (`pyaml`, `flax`, `djongo` …) so that neither is taken for the other's typo
_PYPI_NAMES = """
numpy requests pytest pandas matplotlib scipy pyyaml pyaml ruamel.yaml click pytest-cov tqdm pydantic pydantic-core
pydantic-settings sphinx scikit-learn sklearn scikit-image pillow black torch torchvision torchaudio torchx flake8
setuptools setuptools-scm coverage beautifulsoup4 bs4 jinja2 markupsafe python-dateutil typing-extensions typing mypy
mypy-extensions aiohttp aiosignal six rich twine urllib3 django djongo djangorestframework django-filter
django-extensions django-environ django-debug-toolbar django-storages django-cors-headers channels daphne whitenoise
dj-database-url pre-commit pre-commit-hooks isort python-dotenv sqlalchemy sqlalchemy-utils sqlmodel alembic mako boto
boto3 botocore s3transfer aioboto3 aiobotocore boto3-stubs flask flask-cors flask-sqlalchemy flask-login flask-wtf
flask-restful flask-migrate flask-socketio wtforms itsdangerous blinker werkzeug lxml httpx httpcore h11 anyio sniffio
psutil packaging sphinx-rtd-theme seaborn wheel opencv-python opencv-python-headless opencv-contrib-python ipython
ipykernel ipywidgets colorama typer networkx pytz tzdata tzlocal cryptography ruff tox nox fastapi starlette uvicorn
gunicorn tabulate pylint certifi build openai anthropic cohere transformers tokenizers safetensors huggingface-hub
accelerate peft diffusers datasets evaluate sentencepiece sentence-transformers tiktoken langchain langchain-core
langchain-community langchain-openai llama-index chromadb faiss-cpu openpyxl xlrd xlwt xlsxwriter loguru toml tomli
tomli-w tomlkit protobuf grpcio grpcio-tools googleapis-common-protos tensorflow tensorflow-gpu tensorboard
tensorboardx keras jax jaxlib flax optax importlib-metadata importlib-resources attrs cattrs h5py plotly dash bokeh
altair pyarrow fastparquet polars duckdb jsonschema joblib numba llvmlite pygments pytest-mock pytest-asyncio
pytest-xdist pytest-timeout pytest-django pytest-benchmark pytest-env pytest-rerunfailures pytest-html pytest-randomly
redis rq celery kombu billiard vine amqp flower validators idna gitpython pyjwt python-jose passlib bcrypt argon2-cffi
pynacl ecdsa rsa pyasn1 pyasn1-modules pyotp authlib oauthlib requests-oauthlib requests-toolbelt requests-mock
requests-cache responses pyqt5 pyqt6 pyside2 pyside6 nltk gensim spacy textblob selenium seleniumbase playwright
pycryptodome pycryptodomex pyopenssl mock statsmodels shapely geopandas folium pymongo motor psycopg psycopg2
pandas-profiling ydata-profiling
psycopg2-binary psycopg-binary asyncpg aiomysql aiosqlite pymysql pymssql mysqlclient mysql-connector
mysql-connector-python pyodbc oracledb snowflake-connector-python pyspark findspark elasticsearch opensearch-py pika
confluent-kafka kafka-python mkdocs mkdocs-material mkdocstrings termcolor jupyter jupyterlab notebook nbformat
nbconvert nbclient jupyter-client jupyter-core jupyter-server traitlets websockets websocket-client wsproto pyparsing
docker docker-compose kubernetes ansible ansible-core fabric fabric2 invoke paramiko scp sshtunnel chardet cchardet
charset-normalizer cython docutils astropy xarray dask distributed markdown markdown2 markdown-it-py mdurl mistune
regex appdirs platformdirs future sympy tenacity backoff retrying streamlit gradio pip pipx pip-tools pipdeptree
pipenv virtualenv poetry poetry-core hatch hatchling pdm flit flit-core typeguard cffi pycparser aiofiles orjson
ujson simplejson dill cloudpickle cachetools diskcache paramiko biopython xmltodict graphviz prompt-toolkit
types-requests types-pyyaml types-setuptools types-six types-python-dateutil types-pytz types-urllib3 tornado
prettytable pygame einops hypothesis watchdog watchfiles imageio imageio-ffmpeg moviepy pydub librosa soundfile
sounddevice google-auth google-api-python-client google-api-core google-cloud-storage google-cloud-bigquery filelock
fire pyperclip fsspec s3fs gcsfs pywin32 pypiwin32 docopt keyring jmespath wrapt decorator frozenlist multidict yarl
async-timeout jsonpointer jsonpatch pyzmq jedi parso pexpect ptyprocess wcwidth distlib pluggy iniconfig exceptiongroup
py freezegun faker factory-boy vcrpy moto pyfakefs bandit safety autopep8 yapf pycodestyle pyflakes mccabe pydocstyle
flake8-bugbear pyright cfgv identify nodeenv marshmallow cerberus voluptuous arrow pendulum dateparser python-slugify
unidecode text-unidecode emoji humanize babel bleach tinycss2 webencodings defusedxml html5lib soupsieve cssselect
pyquery scrapy twisted zope.interface apscheduler schedule sqlparse peewee elasticsearch-dsl mypy-boto3-s3 gevent
greenlet eventlet uvloop httptools python-multipart msal azure-core azure-identity azure-storage-blob pyinstaller
nuitka pybind11 cmake ninja scikit-build meson maturin numexpr bottleneck tables matplotlib-inline plotnine pydeck
holoviews panel optuna hyperopt ray mlflow wandb xgboost lightgbm catboost onnx onnxruntime ipympl colorlog structlog
python-json-logger sentry-sdk prometheus-client opentelemetry-api opentelemetry-sdk statsd jsonpickle msgpack cbor2
thrift avro fastavro zstandard lz4 brotli pycurl httplib2 trustme pysocks pywinrm netaddr netifaces dnspython scapy
tldextract email-validator phonenumbers pycountry python-magic filetype pdfminer.six pypdf pypdf2 pdfplumber
reportlab fpdf weasyprint python-docx python-pptx pytesseract easyocr jieba langdetect fuzzywuzzy rapidfuzz
python-levenshtein levenshtein thefuzz jellyfish igraph python-igraph graphene strawberry-graphql gql cachecontrol
pyee asgiref hypercorn sanic quart falcon bottle cherrypy pyramid cookiecutter copier shellingham questionary
inquirer alive-progress progressbar2 halo blessed urwid textual pyfiglet coloredlogs humanfriendly texttable nose
nose2 pytest-cover pyyaml-include gym gymnasium pinecone-client bitsandbytes xformers triton vllm numpydoc nbsphinx
furo myst-parser sphinx-copybutton sphinx-autodoc-typehints check-manifest more-itertools toolz cytoolz boltons attr
""".split()

# the most-installed npm packages
_NPM_NAMES = """
react react-dom react-native next nuxt vue vuex vue-router pinia svelte @sveltejs/kit @angular/core @angular/cli
@angular/common preact solid-js lit jquery lodash lodash-es lodash.merge lodash.debounce lodash.get lodash.clonedeep
underscore ramda moment moment-timezone dayjs date-fns luxon axios node-fetch got superagent request cross-fetch ky
undici express koa fastify @hapi/hapi restify @nestjs/core @nestjs/common @nestjs/cli body-parser cookie-parser cors
helmet morgan compression multer express-session passport passport-jwt jsonwebtoken jose bcrypt bcryptjs uuid
nanoid shortid chalk colors color colord kleur picocolors colorette ansi-colors debug ms commander yargs yargs-parser
minimist meow inquirer prompts enquirer ora cli-progress boxen figlet dotenv dotenvx @dotenvx/dotenvx dotenv-expand
cross-env env-cmd nodemon ts-node tsx typescript @types/node @types/react @types/react-dom @types/express
@types/jest @types/lodash @types/mocha eslint tslint jshint jslint prettier @typescript-eslint/parser
@typescript-eslint/eslint-plugin eslint-config-prettier eslint-plugin-react eslint-plugin-import
eslint-plugin-react-hooks eslint-plugin-prettier @eslint/js globals jest ts-jest babel-jest mocha chai sinon jasmine
karma vitest ava tap supertest nock cypress playwright @playwright/test puppeteer puppeteer-core selenium-webdriver
webpack webpack-cli webpack-dev-server babel-loader css-loader style-loader sass-loader file-loader url-loader
ts-loader html-webpack-plugin mini-css-extract-plugin terser terser-webpack-plugin @babel/core @babel/preset-env
@babel/preset-react @babel/preset-typescript @babel/cli babel-cli @babel/runtime rollup vite esbuild parcel @swc/core turbo
lerna nx husky lint-staged commitizen @commitlint/cli semantic-release standard-version np rimraf mkdirp glob globby
fast-glob chokidar fs-extra graceful-fs del ncp copyfiles shelljs execa cross-spawn which semver minimatch
micromatch picomatch path-to-regexp qs query-string url-parse mime mime-types mime-db content-type iconv-lite
safe-buffer buffer readable-stream through2 event-stream async bluebird q rxjs p-limit p-queue p-map p-retry
async-retry immer redux react-redux @reduxjs/toolkit redux-thunk redux-saga mobx zustand jotai recoil react-router
react-router-dom react-query @tanstack/react-query swr formik react-hook-form yup zod joi ajv class-validator
class-transformer tailwindcss postcss autoprefixer sass node-sass less styled-components @emotion/react
@emotion/styled classnames clsx bootstrap @mui/material @material-ui/core antd @chakra-ui/react framer-motion three
d3 chart.js echarts highcharts socket.io socket.io-client ws mqtt ioredis redis mongodb mongoose mysql mysql2 pg
sequelize typeorm prisma @prisma/client knex sqlite3 sqlite better-sqlite3 firebase firebase-admin aws-sdk
@aws-sdk/client-s3 googleapis stripe twilio nodemailer sharp jimp canvas pdfkit cheerio jsdom xml2js fast-xml-parser
js-yaml yaml yamljs toml ini csv-parse papaparse xlsx marked markdown-it highlight.js prismjs handlebars ejs pug
mustache nunjucks winston pino pino-pretty bunyan log4js loglevel source-map source-map-support core-js
regenerator-runtime tslib json5 validator crypto-js bn.js ethers web3 big.js decimal.js numeral deepmerge
object-assign fast-deep-equal deep-equal http-proxy http-proxy-middleware http-server serve live-server concurrently
npm-run-all pm2 forever electron electron-builder expo @expo/cli @capacitor/core next-auth graphql apollo-server
@apollo/client graphql-tag graphql-request urql node-cron cron agenda bull bullmq amqplib kafkajs nats uglify-js
clean-css html-minifier cssnano svgo imagemin gulp grunt bower yarn pnpm npm npx node-gyp nan bindings
prebuild-install esm cookie @sentry/node @sentry/browser dd-trace newrelic prom-client @opentelemetry/api
supports-color strip-ansi ansi-regex ansi-styles string-width wrap-ansi cliui escape-string-regexp has-flag is-number
kind-of isarray inherits once wrappy signal-exit yallist lru-cache tar minipass electron-to-chromium caniuse-lite
browserslist acorn estraverse esprima escodegen espree eslint-scope eslint-visitor-keys ignore json-schema-traverse
punycode tough-cookie form-data combined-stream delayed-stream asynckit follow-redirects proxy-from-env agent-base
https-proxy-agent http-proxy-agent socks-proxy-agent node-forge vary depd on-finished statuses http-errors raw-body
bytes type-is accepts negotiator etag fresh send serve-static finalhandler encodeurl escape-html parseurl
merge-descriptors methods utils-merge cookie-signature range-parser setprototypeof toidentifier destroy ee-first
unpipe ipaddr.js forwarded proxy-addr openai @anthropic-ai/sdk langchain @langchain/core zx tsup vite-plugin-pwa
@vitejs/plugin-react react-scripts create-react-app create-next-app create-vite create-vue @vue/cli storybook @storybook/react jsonfile
""".split()

# keyboard neighbours (QWERTY) and look-alikes: the replacements a five-character name is judged for
_NEAR = {
    "q": "12wa", "w": "23qeas", "e": "34wrds", "r": "45etdf", "t": "56ryfg", "y": "67tugh", "u": "78yihj",
    "i": "189uojkl", "o": "90iplk0", "p": "0ol", "a": "qwsz", "s": "wedxza5", "d": "erfcxs", "f": "rtgvcd",
    "g": "tyhbvf", "h": "yujnbg", "j": "uikmnh", "k": "iolmj", "l": "iopk1", "z": "asx", "x": "zsdc", "c": "xdfv",
    "v": "cfgbu", "b": "vghn", "n": "bhjm", "m": "njk", "1": "2qil", "0": "9op", "5": "4rts", "-": "_.", "_": "-.",
    ".": "-_",
}
_LOOKALIKE = (("rn", "m"), ("vv", "w"), ("1", "l"), ("0", "o"))
_SEPARATORS = re.compile(r"[-_.]+")
_PYPI_NORMAL = re.compile(r"[-_.]+")


def normalize(name: str, ecosystem: str) -> str:
    """The name as the registry compares it: PyPI folds case and runs of `-_.` into `-`; npm names are lower case."""
    name = name.strip().lower()
    return _PYPI_NORMAL.sub("-", name) if ecosystem == PYPI else name


def _squash(name: str) -> str:
    return _SEPARATORS.sub("", name)


def _lookalike(name: str) -> str:
    for a, b in _LOOKALIKE:
        name = name.replace(a, b)
    return name


class _Index:
    """One ecosystem's popular names and the forms a typo of one of them takes, for look-ups."""

    __slots__ = ("names", "deletes", "squashed", "lookalike", "words")

    def __init__(self, names: list[str], ecosystem: str) -> None:
        self.names = frozenset(normalize(n, ecosystem) for n in names)
        self.deletes: dict[str, list[str]] = {}  # a popular name with one character left out -> the names
        self.squashed: dict[str, str] = {}
        self.lookalike: dict[str, str] = {}
        self.words: dict[tuple[str, ...], str] = {}
        for n in sorted(self.names):
            for i in range(len(n)):
                self.deletes.setdefault(n[:i] + n[i + 1:], []).append(n)
            self.squashed.setdefault(_squash(n), n)
            self.lookalike.setdefault(_lookalike(n), n)
            parts = _SEPARATORS.split(n)
            if 1 < len(parts) <= 4:
                self.words.setdefault(tuple(sorted(parts)), n)


_INDEXES: dict[str, _Index] = {}


def _index(ecosystem: str) -> _Index:
    got = _INDEXES.get(ecosystem)
    if got is None:
        got = _INDEXES[ecosystem] = _Index(_PYPI_NAMES if ecosystem == PYPI else _NPM_NAMES, ecosystem)
    return got


def popular(name: str, ecosystem: str) -> bool:
    return normalize(name, ecosystem) in _index(ecosystem).names


def imitated(name: str, ecosystem: str) -> str | None:
    """The popular package `name` is a typo of (`reqeusts` -> `requests`), or None: a listed name, a name far from
    every listed one, or one too short to tell."""
    ix = _index(ecosystem)
    c = normalize(name, ecosystem)
    if len(c) < 4 or c in ix.names:
        return None
    s = _squash(c)
    if len(s) >= 4 and ix.squashed.get(s, c) != c:
        return ix.squashed[s]  # `pythondateutil`, `tensor-flow`
    look = _lookalike(c)
    if look != c and look in ix.lookalike:
        return ix.lookalike[look]  # `1odash`, `requesrnts`
    parts = _SEPARATORS.split(c)
    if 1 < len(parts) <= 4 and tuple(sorted(parts)) in ix.words:
        return ix.words[tuple(sorted(parts))]  # `dateutil-python`
    return _one_edit(c, ix)


def _one_edit(c: str, ix: _Index) -> str | None:
    # left out: `c` is a popular name with one character deleted (`reqests`)
    for p in ix.deletes.get(c, ()):
        if len(p) >= 5:
            return p
    for i in range(len(c)):
        d = c[:i] + c[i + 1:]
        # added: deleting one character of `c` gives a popular name (`requestss`, `reqxuests`); a doubled letter
        # also for four-letter names (`tqqdm`)
        if d in ix.names and (len(d) >= 5 or len(d) == 4 and i > 0 and c[i - 1] == c[i]):
            return d
        # replaced or swapped: `c` and a popular name lose a character each and meet
        for p in ix.deletes.get(d, ()):
            if len(p) == len(c) and _replaced_or_swapped(c, p):
                return p
    return None


def _replaced_or_swapped(c: str, p: str) -> bool:
    diff = [i for i in range(len(c)) if c[i] != p[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and c[diff[0]] == p[diff[1]] and c[diff[1]] == p[diff[0]]:
        return len(p) >= 4  # `reqeusts`, `tqmd`
    if len(diff) != 1:
        return False
    i = diff[0]
    return len(p) >= 6 or len(p) == 5 and c[i] in _NEAR.get(p[i], "")


# -- package specifiers --------------------------------------------------------------------------------------
# `name`, `name[extra]==1.2`, `name>=1,<2`, `name ; python_version<"3.8"`, `name @ URL`
_PY_REQ = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[=<>!~;@(]|$)")
# an npm specifier: `name`, `name@^1`, `@scope/name@latest`
_NPM_SPEC = re.compile(r"^((?:@[a-z0-9][\w.-]*/)?[a-z0-9][\w.-]*)(?:@.*)?$", re.I)
# a release file: `name-1.2.3.tar.gz`, `name-1.2.3-py3-none-any.whl`, `name-1.2.3.tgz` (npm pack)
_ARCHIVE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._]*?(?:-[A-Za-z][A-Za-z0-9._]*?)*)-v?\d[^/]*"
                      r"\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|zip|whl)$")


def archive_name(url_or_path: str) -> str | None:
    """The package name a release file's name gives (`…/reqeusts-2.32.0.tar.gz` -> `reqeusts`), else None."""
    base = url_or_path.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    m = _ARCHIVE.match(base)
    return m.group(1) if m else None


def python_requirement(spec: str) -> str | None:
    """The project name of a pip requirement (`requests[socks]>=2` -> `requests`), None for paths and URLs."""
    if "/" in spec or "\\" in spec or spec.startswith((".", "-")) or ":" in spec.split("@", 1)[0]:
        return None
    m = _PY_REQ.match(spec.strip())
    return m.group(1) if m else None


def npm_spec(spec: str) -> str | None:
    """The package name of an npm install specifier (`@scope/x@^1` -> `@scope/x`), None for paths, URLs, git and
    GitHub `user/repo` shorthands, aliases (`npm:`), tarballs."""
    if ":" in spec or spec.startswith((".", "/", "~", "-")) or spec.endswith((".tgz", ".tar.gz")):
        return None
    if "/" in spec and not spec.startswith("@"):
        return None  # `user/repo`: a GitHub repository
    m = _NPM_SPEC.match(spec)
    return m.group(1) if m else None


# -- a name made to look like another given one -------------------------------------------------------------------------
def _forms(name: str, ecosystem: str) -> set[str]:
    """`@acme/ui-kit` is also written `acme-ui-kit` (the scope folded in) and `ui-kit`."""
    n = normalize(name, ecosystem)
    out = {n}
    if n.startswith("@") and "/" in n:
        scope, base = n[1:].split("/", 1)
        out |= {f"{scope}-{base}", base}
    return out


def near(name: str, other: str, ecosystem: str) -> str | None:
    """`other` when `name` is a look-alike of it (`acme-ui-kiit` of `@acme/ui-kit`, `requests-toolbeIt` of
    `requests-toolbelt`): a doubled letter, a letter left out, replaced or swapped, look-alike letters, case folded
    by the registry. Not a new version's suffix (`mylib2`), a scope added or dropped, or separators changed."""
    c = normalize(name, ecosystem)
    forms = _forms(other, ecosystem)
    if len(c) < 4 or c in forms or name != c and name.lower() in {f.lower() for f in forms} and ecosystem == NPM:
        return None
    if name != name.lower() and c in forms:
        return other
    for f in forms:
        if len(f) < 4 or _squash(f) == _squash(c):
            continue
        if _lookalike(c) == _lookalike(f):
            return other
        if len(c) == len(f):
            diff = [i for i in range(len(c)) if c[i] != f[i]]
            if len(diff) == 1 and c[diff[0]].isalpha() and f[diff[0]].isalpha() or \
                    len(diff) == 2 and diff[1] == diff[0] + 1 and c[diff[0]] == f[diff[1]] and c[diff[1]] == f[diff[0]]:
                return other
        elif len(c) == len(f) + 1:
            i = next((k for k in range(len(f)) if c[k] != f[k]), len(f))
            if c[:i] + c[i + 1:] == f and c[i].isalpha() and i > 0 and c[i - 1] == c[i]:
                return other
        elif len(c) + 1 == len(f):
            i = next((k for k in range(len(c)) if c[k] != f[k]), len(c))
            if f[:i] + f[i + 1:] == c and f[i].isalpha() and i < len(c):  # (not a plural's `s` dropped)
                return other
    return None
