"""The portal a team's repository installs: this very release, as a wheel committed to the
repository and pinned by its hash, with every dependency locked by hash (`locks/`). A machine
that reaches only a package mirror then installs exactly the portal that made the repository.

The wheel is made again from the installed files, checked against the hashes the installer
recorded; a portal running from a source checkout has no such files and must be handed one.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from zipfile import ZIP_DEFLATED, ZipInfo

from wheel.wheelfile import WHEEL_INFO_RE, WheelFile

import builder

PACKAGE = "account-manager-portal"
LOCKS = Path(__file__).resolve().parent / "locks"
FOLDER = "portal"  # in the team's repository: the wheel and the lock of the build backend
INSTALL = (
    "python -m pip install --require-hashes -r portal/build.txt"
    " && python -m pip install --require-hashes --no-build-isolation -r requirements.txt"
)
# what an installer adds to a wheel's metadata, and never part of the wheel itself
_ADDED_BY_INSTALLER = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}
_EPOCH = (1980, 1, 1, 0, 0, 0)  # every entry's time, so the same release gives the same bytes


class ReleaseError(Exception):
    pass


@dataclass(frozen=True)
class Wheel:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def version(self) -> str:
        match = WHEEL_INFO_RE.match(self.name)
        return match.group("ver") if match else ""


def version() -> str:
    return importlib.metadata.version(PACKAGE)


def running_wheel(given: Path | None) -> Wheel:
    """The wheel of the running portal: `given`, which must be this release, or the installed files."""
    if given is None:
        return _installed_wheel()
    match = WHEEL_INFO_RE.match(given.name)
    if match is None or match.group("name").lower() != "account_manager_portal":
        raise ReleaseError(f"{given.name} 不是门户程序的安装包（应为 account_manager_portal-版本-py3-none-any.whl）")
    if match.group("ver") != version():
        raise ReleaseError(
            f"{given.name} 是 {match.group('ver')} 版，正在运行的门户是 {version()} 版；"
            f"先安装那个版本（python -m pip install {given.as_posix()}），再运行这个命令"
        )
    return Wheel(given.name, given.read_bytes())


def _installed_wheel() -> Wheel:
    dist = importlib.metadata.distribution(PACKAGE)
    files = [f for f in dist.files or [] if _belongs(f)]
    init = next((f for f in files if f.as_posix() == "builder/__init__.py"), None)
    metadata = dist.read_text("WHEEL")
    installed = metadata is not None and dist.read_text("RECORD") is not None  # not a checkout's egg-info
    if not installed or init is None or Path(str(dist.locate_file(init))).resolve() != Path(builder.__file__).resolve():
        raise ReleaseError(
            "门户是从源代码运行的（如 pip install -e），没有可以放进团队仓库的安装包；"
            "先生成一个（python -m pip wheel --no-deps -w dist .），再加 --wheel dist/account_manager_portal-"
            f"{version()}-py3-none-any.whl"
        )
    tag = _tag(metadata or "")
    name = f"account_manager_portal-{version()}-{tag}.whl"
    with tempfile.TemporaryDirectory(prefix="portal-wheel-") as work:
        path = Path(work) / name
        with _ReproducibleWheel(path, "w", compression=ZIP_DEFLATED) as wheel:
            for file in sorted(files, key=_order):
                data = Path(str(dist.locate_file(file))).read_bytes()
                if file.hash is not None and not _matches(data, file.hash.mode, file.hash.value):
                    raise ReleaseError(f"安装后的门户文件 {file.as_posix()} 被改过；请重新安装门户程序，再运行这个命令")
                wheel.writestr(file.as_posix(), data)
        return Wheel(name, path.read_bytes())


def _belongs(file: importlib.metadata.PackagePath) -> bool:
    """A file of the wheel: inside site-packages, no compiled cache, no installer's record."""
    parts = PurePosixPath(file.as_posix()).parts
    if parts[0] == ".." or "__pycache__" in parts or parts[-1].endswith(".pyc"):
        return False
    return not (parts[0].endswith(".dist-info") and len(parts) == 2 and parts[1] in _ADDED_BY_INSTALLER)


def _order(file: importlib.metadata.PackagePath) -> tuple[bool, str]:
    return (PurePosixPath(file.as_posix()).parts[0].endswith(".dist-info"), file.as_posix())  # metadata last


def _tag(wheel_metadata: str) -> str:
    tags = re.findall(r"^Tag: (\S+)$", wheel_metadata, re.M)
    return tags[0] if len(tags) == 1 else "py3-none-any"


def _matches(data: bytes, mode: str, value: str) -> bool:
    digest = hashlib.new(mode, data).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") == value


class _ReproducibleWheel(WheelFile):  # type: ignore[misc]
    """A wheel whose entries, RECORD included, carry a fixed time and mode."""

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: bytes | str, compress_type: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=_EPOCH)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
            zinfo_or_arcname.external_attr = (0o644 | stat.S_IFREG) << 16
        super().writestr(zinfo_or_arcname, data, compress_type)


def _lock(name: str) -> str:
    """A lock shipped with the portal, without the header naming how it was made."""
    lines = (LOCKS / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).strip() + "\n"


def install_files(wheel: Wheel) -> dict[str, str | bytes]:
    """The files that install this portal in a team's repository, by path."""
    return {
        f"{FOLDER}/{wheel.name}": wheel.data,
        f"{FOLDER}/build.txt": (
            "# 安装门户时从源代码构建的软件包（如 jieba）要用的构建工具，按散列锁定；\n"
            "# 由 portal init / portal upgrade 写入\n" + _lock("build.txt")
        ),
        "requirements.txt": (
            f"# 门户程序 {wheel.version} 和它用到的每个软件包，都按散列锁定；\n"
            "# 由 portal init / portal upgrade 写入，不要手改。\n"
            "# 门户本身是仓库里的安装包 portal/*.whl，其余软件包来自软件包源（可以是单位的镜像源）。安装：\n"
            f"#   {INSTALL}\n" + _lock("portal.txt") + f"./{FOLDER}/{wheel.name} --hash=sha256:{wheel.sha256}\n"
        ),
    }
