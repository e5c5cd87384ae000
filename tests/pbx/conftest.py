from pathlib import Path

import pytest

AMI_DIR = Path(__file__).resolve().parents[1] / "data" / "ami"
RECORDINGS = sorted(AMI_DIR.glob("*.ami"))


@pytest.fixture(scope="session")
def ami_dir() -> Path:
    return AMI_DIR
