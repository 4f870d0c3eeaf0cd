"""The model digest against the standard-tools recipe of specs/receipt-profile.md."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

import receiptlog
from receiptlog.errors import ReceiptLogError

RECIPE = r"""cd "$1" && find . -name .git -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
  while IFS= read -r -d '' f; do
    printf '%s  %s  %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$(stat -c %s -- "$f")" "$f"
  done"""


def make_model(root: Path) -> Path:
    model = root / "tiny-model"
    (model / "weights").mkdir(parents=True)
    (model / "config.json").write_bytes(b'{"hidden_size": 64}\n')
    (model / "weights" / "model-00001.bin").write_bytes(os.urandom(3000))
    (model / "weights" / "model-00002.bin").write_bytes(b"")
    (model / "a.b").write_bytes(b"sorted before a/b")
    (model / "a").mkdir()
    (model / "a" / "b").write_bytes(b"after a.b")
    (model / ".git").mkdir()
    (model / ".git" / "HEAD").write_bytes(b"ignored")
    (model / "empty-dir").mkdir()
    return model


def test_digest_equals_the_shell_recipe(tmp_path: Path) -> None:
    model = make_model(tmp_path)
    manifest = subprocess.run(["bash", "-c", RECIPE, "recipe", str(model)], check=True, capture_output=True).stdout
    ours = receiptlog.model_manifest(model)
    assert ours.encoded == manifest
    assert ours.digest == hashlib.sha256(manifest).digest() == receiptlog.model_digest(model)
    assert [e.path for e in ours.entries][:2] == [b"a.b", b"a/b"]


def test_links_special_files_and_empty_models(tmp_path: Path) -> None:
    model = make_model(tmp_path)
    (model / "link.json").symlink_to(model / "config.json")
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.model_digest(model)
    assert caught.value.code == "modelSymlinkRefused"
    followed = receiptlog.model_manifest(model, follow_symlinks=True)
    by_path = {e.path: e for e in followed.entries}
    assert by_path[b"link.json"].sha256 == by_path[b"config.json"].sha256
    (model / "loop").symlink_to(model)
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.model_digest(model, follow_symlinks=True)
    assert caught.value.code == "modelSymlinkLoop"
    os.unlink(model / "loop")
    (model / "dangling").symlink_to(tmp_path / "missing")
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.model_digest(model, follow_symlinks=True)
    assert caught.value.code == "modelDirectoryUnreadable"
    os.unlink(model / "dangling")
    os.mkfifo(model / "fifo")
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.model_digest(model, follow_symlinks=True)
    assert caught.value.code == "modelSpecialFileRefused"
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    (empty / ".git" / "config").write_bytes(b"x")
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.model_digest(empty)
    assert caught.value.code == "emptyModel"
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.model_digest(tmp_path / "absent")
    assert caught.value.code == "modelDirectoryUnreadable"


def test_paths_that_no_recipe_could_agree_on_are_refused(tmp_path: Path) -> None:
    for name in (b"back\\slash", b"tab\there", b"\xff\xfe"):
        model = tmp_path / os.fsdecode(b"m-" + name.hex().encode())
        model.mkdir()
        (model / "ok").write_bytes(b"1")
        with open(os.path.join(os.fsencode(model), name), "wb") as f:
            f.write(b"x")
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.model_digest(model)
        assert caught.value.code == "badModelPath"
