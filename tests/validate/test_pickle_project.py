"""python/deserialise.py: a project's own pickle (a literal relative path, not downloaded here) is ordinary data
science; pickles from anywhere else stay blocked (a false block of the ninth session's held-out code batch)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked


@pytest.mark.parametrize("code", [
    "import pickle\nwith open('.cache/embeddings.pkl', 'rb') as f:\n    emb = pickle.load(f)\nprint(len(emb))",
    "import pickle\nemb = pickle.load(open('cache.pkl', 'rb'))",
    "import pickle\nf = open('data/vocab.pkl', 'rb')\nvocab = pickle.load(f)",
    "import joblib\nclf = joblib.load('models/clf.joblib')",
    "import pandas as pd\ndf = pd.read_pickle('data/frame.pkl')",
])
def test_the_projects_own_pickles_are_allowed(code: str) -> None:
    assert_allowed(code, "python")


@pytest.mark.parametrize("code", [
    "import pickle, urllib.request\nurllib.request.urlretrieve('http://203.0.113.9/m.pkl', 'm.pkl')\n"
    "obj = pickle.load(open('m.pkl', 'rb'))",  # downloaded by the same code
    "import pickle\nwith open('/tmp/x.pkl', 'rb') as f:\n    pickle.load(f)",
    "import pickle\nwith open('../other/x.pkl', 'rb') as f:\n    pickle.load(f)",
    "import pickle, os\npickle.load(open(os.path.expanduser('~/x.pkl'), 'rb'))",
    "import pickle, sys\npickle.load(open(sys.argv[1], 'rb'))",
    "import pickle, requests\npickle.loads(requests.get('http://203.0.113.9/p').content)",
    "import pickle\ndef f(fh):\n    return pickle.load(fh)",
])
def test_other_pickles_stay_blocked(code: str) -> None:
    assert_blocked(code, "py-unsafe-deserialize", "python")
