from __future__ import annotations

from pathlib import Path

import pytest

from interviewbot.core.bank import load_bank

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture
def db(tmp_path):
    from interviewbot import store

    d = store.open_db(tmp_path / "t.db")
    yield d
    d.close()
