"""Program detection on fake Linux, Windows and macOS systems, including the records that lie."""

from __future__ import annotations

from pathlib import Path

import pytest

from preflight.associations import associations
from preflight.detect import HostView, detect, windows_records
from preflight.hostchecks import association_check, software_checks


def put(root: Path, path: str, text: str = "") -> None:
    target = root.joinpath(*[p for p in path.replace("\\", "/").split("/") if p])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def desktop(exec_line: str, **extra: str) -> str:
    lines = ["[Desktop Entry]", "Type=Application", "Name=x", f"Exec={exec_line}"]
    return "\n".join(lines + [f"{k}={v}" for k, v in extra.items()]) + "\n"


def statuses(view: HostView) -> dict[str, str]:
    return {c.id: c.status for c in software_checks(detect(view))}


LINUX_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/home/eleve"}


@pytest.fixture
def linux(tmp_path):
    root = tmp_path / "linux"
    put(root, "/usr/bin/gimp")
    put(root, "/usr/share/applications/gimp.desktop", desktop("gimp-2.10 %U", TryExec="gimp"))
    put(root, "/usr/bin/gimp-2.10")
    # LibreOffice with a graphical toolkit, Writer and Calc only.
    for name in ("libswlo.so", "libsclo.so", "libvclplug_gtk3lo.so"):
        put(root, f"/usr/lib/libreoffice/program/{name}")
    put(root, "/usr/share/applications/libreoffice-writer.desktop", desktop("libreoffice --writer %U"))
    put(root, "/usr/bin/libreoffice")
    # Shotcut from Flathub, Krita from the Snap Store.
    put(root, "/usr/bin/flatpak")
    put(root, "/var/lib/flatpak/app/org.shotcut.Shotcut/current/active/files/bin/shotcut")
    put(root, "/var/lib/flatpak/exports/share/applications/org.shotcut.Shotcut.desktop",
        desktop("/usr/bin/flatpak run --branch=stable --arch=x86_64 --command=shotcut org.shotcut.Shotcut %U"))
    put(root, "/snap/bin/krita")
    put(root, "/var/lib/snapd/desktop/applications/krita_krita.desktop",
        desktop("env BAMF_DESKTOP_FILE_HINT=/var/lib/snapd/desktop/applications/krita_krita.desktop /snap/bin/krita %U"))
    # A menu entry left behind by an uninstalled Okular: it lies.
    put(root, "/usr/share/applications/org.kde.okular.desktop", desktop("okular %U"))
    put(root, "/usr/share/applications/org.gnome.FileRoller.desktop", desktop("file-roller %U"))
    put(root, "/usr/bin/file-roller")
    put(root, "/usr/bin/firefox-esr")
    put(root, "/usr/share/applications/firefox-esr.desktop", desktop("/usr/lib/firefox-esr/firefox-esr %u"))
    put(root, "/usr/lib/firefox-esr/firefox-esr")
    # A default-application record naming a program that is not installed.
    put(root, "/home/eleve/.config/mimeapps.list",
        "[Default Applications]\napplication/pdf=acroread.desktop;org.kde.okular.desktop\n"
        "application/vnd.oasis.opendocument.text=libreoffice-writer.desktop\n")
    return HostView("Linux", root, LINUX_ENV)


def test_linux_native_flatpak_and_snap(linux):
    got = statuses(linux)
    assert got["image_editor"] == "pass"        # GIMP (native) and Krita (snap)
    assert got["video_editor"] == "pass"        # Shotcut (flatpak)
    assert got["office.writer"] == "pass" and got["office.calc"] == "pass"
    assert got["office.impress"] == "fail" and got["office.draw"] == "fail"
    assert got["archive_tool"] == "pass"


def test_linux_lying_records_are_not_believed(linux):
    checks = {c.id: c for c in software_checks(detect(linux))}
    # Okular's menu entry and the mimeapps default both name missing programs: only the browser shows PDFs.
    assert checks["pdf_reader"].status == "warn"
    assert "Okular" in checks["pdf_reader"].detail and "programme est absent" in checks["pdf_reader"].detail
    check = association_check(associations(linux))
    assert check.status == "warn" and "acroread.desktop" in check.detail and ".odt" not in check.detail


def test_linux_flatpak_entry_without_the_app_is_absent(linux):
    import shutil
    shutil.rmtree(linux.root / "var/lib/flatpak/app/org.shotcut.Shotcut")
    assert statuses(linux)["video_editor"] == "fail"


def test_linux_libreoffice_without_a_gui_is_not_usable(tmp_path):
    root = tmp_path / "nogui"
    for name in ("libswlo.so", "libsclo.so", "libsdlo.so", "libslideshowlo.so"):
        put(root, f"/usr/lib/libreoffice/program/{name}")
    put(root, "/usr/bin/libreoffice")
    checks = {c.id: c for c in software_checks(detect(HostView("Linux", root, LINUX_ENV)))}
    assert all(checks[f"office.{c}"].status == "fail" for c in ("writer", "calc", "impress", "draw"))
    assert "-nogui" in checks["office.writer"].detail


def test_linux_hidden_entries_and_cli_only_archives(tmp_path):
    root = tmp_path / "cli"
    put(root, "/usr/bin/unzip")
    put(root, "/usr/bin/evince")
    put(root, "/usr/share/applications/org.gnome.Evince.desktop", desktop("evince %U", Hidden="true"))
    got = statuses(HostView("Linux", root, LINUX_ENV))
    assert got["archive_tool"] == "warn"  # unzip exists, but candidates have no graphical tool
    assert got["pdf_reader"] == "pass"    # found on PATH even though its menu entry is hidden


# -- Windows ----------------------------------------------------------------------------------

class FakeRegistry:
    """keys: {(hive, view, path): values}; view 64 is the native view, 32 is WOW6432Node."""

    def __init__(self, keys: dict[tuple[str, int, str], dict]):
        self.keys = {(h, v, p.lower()): (p, values) for (h, v, p), values in keys.items()}

    def subkeys(self, hive, path, view):
        prefix = path.lower() + "\\"
        names = {}
        for (h, v, p), (original, _) in self.keys.items():
            if h == hive and v == view and p.startswith(prefix):
                rest = original[len(prefix):].split("\\")[0]
                names[rest.lower()] = rest
        return sorted(names.values())

    def values(self, hive, path, view):
        return dict(self.keys.get((hive, view, path.lower()), (None, {}))[1])


UNINSTALL = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths"
WIN_ENV = {"ProgramFiles": r"C:\Program Files", "ProgramFiles(x86)": r"C:\Program Files (x86)",
           "PATH": r"C:\Windows\System32;C:\Windows", "PATHEXT": ".COM;.EXE;.BAT", "USERPROFILE": r"C:\Users\eleve"}


@pytest.fixture
def windows(tmp_path):
    root = tmp_path / "win"
    files = [r"C:\Program Files\GIMP 2\bin\gimp-2.10.exe", r"C:\Program Files (x86)\PhotoFiltre 7\PhotoFiltre7.exe",
             r"C:\Program Files\7-Zip\7zFM.exe", r"C:\Users\eleve\AppData\Local\Shotcut\shotcut.exe",
             r"C:\Program Files (x86)\Microsoft Office\root\Office16\WINWORD.EXE",
             r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
             r"C:\Program Files\LibreOffice\program\sdlo.dll", r"C:\Program Files\LibreOffice\program\slideshowlo.dll",
             r"C:\Windows\System32\rundll32.exe"]
    for path in files:
        put(root, path)
    registry = FakeRegistry({
        ("HKLM", 64, UNINSTALL + r"\GIMP-2_is1"): {"DisplayName": "GIMP 2.10.38", "InstallLocation": "C:\\Program Files\\GIMP 2\\"},
        # A 32-bit program: only the 32-bit view (WOW6432Node) knows it.
        ("HKLM", 32, UNINSTALL + r"\PhotoFiltre 7"): {"DisplayName": "PhotoFiltre 7",
                                                      "InstallLocation": r"C:\Program Files (x86)\PhotoFiltre 7"},
        ("HKLM", 64, APP_PATHS + r"\7zFM.exe"): {"": r"C:\Program Files\7-Zip\7zFM.exe"},
        ("HKCU", 64, UNINSTALL + r"\Shotcut"): {"DisplayName": "Shotcut",
                                                "InstallLocation": r"C:\Users\eleve\AppData\Local\Shotcut"},
        ("HKLM", 32, APP_PATHS + r"\WINWORD.EXE"): {
            "": r"C:\Program Files (x86)\Microsoft Office\root\Office16\WINWORD.EXE"},
        # Excel is registered, but its file is gone: a record that lies.
        ("HKLM", 32, APP_PATHS + r"\excel.exe"): {"": r"C:\Program Files (x86)\Microsoft Office\root\Office16\EXCEL.EXE"},
        ("HKLM", 32, APP_PATHS + r"\msedge.exe"): {"": r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe"},
        # LibreOffice installed with Impress and Draw only (custom install).
        ("HKLM", 64, UNINSTALL + r"\{6F2B7A0C-LIBRE}"): {"DisplayName": "LibreOffice 24.8.4.2",
                                                         "InstallLocation": "C:\\Program Files\\LibreOffice\\"},
        # The .pdf default points to an Acrobat that is not installed.
        ("HKCU", 64, r"Software\Microsoft\Windows\CurrentVersion\Explorer\FileExts\.pdf\UserChoice"):
            {"ProgId": "AcroExch.Document.DC"},
        ("HKCR", 64, r"AcroExch.Document.DC\shell\open\command"):
            {"": '"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe" "%1"'},
        ("HKCR", 64, ".zip"): {"": "CompressedFolder"},
        ("HKCR", 64, r"CompressedFolder\shell\open\command"):
            {"": r"%SystemRoot%\System32\rundll32.exe zipfldr.dll,RouteTheCall %L"},
    })
    return HostView("Windows", root, {**WIN_ENV, "SystemRoot": r"C:\Windows"}, registry)


def test_windows_both_registry_views_and_both_hives(windows):
    checks = {c.id: c for c in software_checks(detect(windows))}
    assert checks["image_editor"].status == "pass" and "PhotoFiltre" in checks["image_editor"].detail
    assert checks["video_editor"].status == "pass"          # per-user install (HKCU)
    assert checks["office.writer"].status == "pass"         # Word, registered in the 32-bit view
    assert checks["office.impress"].status == "pass" and checks["office.draw"].status == "pass"
    assert checks["archive_tool"].status == "pass"
    where = {r.name: r.where for r in windows_records(windows)}
    assert where["PhotoFiltre 7"] == "HKLM (32 bits)" and where["GIMP 2.10.38"] == "HKLM (64 bits)"


def test_windows_lying_records(windows):
    checks = {c.id: c for c in software_checks(detect(windows))}
    assert checks["office.calc"].status == "fail"  # Excel's App Paths entry names a missing file
    assert "fichier du programme est absent" in checks["office.calc"].detail
    assert checks["pdf_reader"].status == "warn"   # only Edge shows PDFs, whatever the .pdf default says
    check = association_check(associations(windows))
    assert check.status == "warn" and "Acrobat.exe" in check.detail and ".zip" not in check.detail


def test_windows_photofiltre_alone_cannot_open_layers(tmp_path):
    root = tmp_path / "pf"
    put(root, r"C:\Program Files (x86)\PhotoFiltre 7\PhotoFiltre7.exe")
    registry = FakeRegistry({("HKLM", 32, UNINSTALL + r"\PhotoFiltre 7"): {
        "DisplayName": "PhotoFiltre 7", "InstallLocation": r"C:\Program Files (x86)\PhotoFiltre 7"}})
    view = HostView("Windows", root, WIN_ENV, registry)
    checks = {c.id: c for c in software_checks(detect(view))}
    assert checks["image_editor"].status == "warn" and ".ora" in checks["image_editor"].detail
    assert checks["archive_tool"].status == "pass"  # the Explorer opens ZIP files on every Windows
    # A reader of the 64-bit view alone (what a 64-bit process gets by default) would miss it.
    class Only64(FakeRegistry):
        def subkeys(self, hive, path, view):
            return super().subkeys(hive, path, view) if view == 64 else []

        def values(self, hive, path, view):
            return super().values(hive, path, view) if view == 64 else {}

    only64 = Only64({("HKLM", 32, UNINSTALL + r"\PhotoFiltre 7"): {"DisplayName": "PhotoFiltre 7"}})
    assert statuses(HostView("Windows", root, WIN_ENV, only64))["image_editor"] == "fail"


def test_windows_uninstall_entry_without_its_folder_is_absent(tmp_path):
    registry = FakeRegistry({("HKLM", 64, UNINSTALL + r"\Shotcut"): {
        "DisplayName": "Shotcut", "InstallLocation": r"C:\Program Files\Shotcut"}})
    view = HostView("Windows", tmp_path / "empty", WIN_ENV, registry)
    assert statuses(view)["video_editor"] == "fail"


# -- macOS --------------------------------------------------------------------------------------

def test_macos_application_bundles(tmp_path):
    root = tmp_path / "mac"
    for app in ("/Applications/GIMP-2.10.app", "/Applications/LibreOffice.app", "/Applications/Shotcut.app",
                "/System/Applications/Preview.app", "/System/Library/CoreServices/Applications/Archive Utility.app"):
        put(root, f"{app}/Contents/Info.plist")
    put(root, "/Applications/Kdenlive.app/placeholder")  # no Contents: not a real bundle
    got = statuses(HostView("Darwin", root, {"HOME": "/Users/eleve", "PATH": "/usr/bin:/bin"}))
    assert set(got.values()) == {"pass"}, got


def test_macos_missing_programs_fail(tmp_path):
    root = tmp_path / "mac2"
    put(root, "/System/Applications/Preview.app/Contents/Info.plist")
    got = statuses(HostView("Darwin", root, {"HOME": "/Users/eleve", "PATH": "/usr/bin"}))
    assert got["pdf_reader"] == "pass" and got["office.writer"] == "fail" and got["video_editor"] == "fail"
