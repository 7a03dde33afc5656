"""What the agent looks for: the programs a room PC may use for each kind of task.

A product says how each platform records it: executable names (PATH, ``.desktop`` Exec),
``.desktop`` ids (native, flatpak, snap), Windows App Paths names and Uninstall
DisplayName patterns, macOS application bundle names. ``provides`` lists capabilities:

* ``pdf`` a PDF reader, ``pdf_browser`` a browser that shows PDFs;
* ``writer``, ``calc``, ``impress``, ``draw`` office components;
* ``image`` an image editor, ``ora`` it also opens OpenRaster layers;
* ``video`` a video editor, ``mlt`` it also opens Shotcut/MLT projects;
* ``archive`` a graphical archive tool, ``archive_cli`` a command-line one.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFICE = ("writer", "calc", "impress", "draw")


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    provides: tuple[str, ...]
    linux_exec: tuple[str, ...] = ()
    desktop_ids: tuple[str, ...] = ()
    windows_exe: tuple[str, ...] = ()  # App Paths key names / file names, lower case
    windows_names: tuple[str, ...] = ()  # Uninstall DisplayName prefixes, lower case
    mac_apps: tuple[str, ...] = ()  # bundle name prefixes, lower case, without ".app"


PRODUCTS: tuple[Product, ...] = (
    # PDF readers
    Product("evince", "Evince (Visionneur de documents)", ("pdf",), ("evince",), ("org.gnome.evince", "evince")),
    Product("papers", "GNOME Papers", ("pdf",), ("papers",), ("org.gnome.papers",)),
    Product("okular", "Okular", ("pdf",), ("okular",), ("org.kde.okular", "okular", "okularapplication_pdf")),
    Product("atril", "Atril", ("pdf",), ("atril",), ("atril",)),
    Product("xreader", "Xreader", ("pdf",), ("xreader",), ("xreader",)),
    Product("qpdfview", "qpdfview", ("pdf",), ("qpdfview",), ("qpdfview",)),
    Product("mupdf", "MuPDF", ("pdf",), ("mupdf", "mupdf-gl"), ("mupdf",)),
    Product("zathura", "Zathura", ("pdf",), ("zathura",), ("org.pwmt.zathura", "zathura")),
    Product("xpdf", "Xpdf", ("pdf",), ("xpdf",), ("xpdf",)),
    Product("acrobat", "Adobe Acrobat Reader", ("pdf",), ("acroread",), ("acroread",),
            ("acrord32.exe", "acrobat.exe"), ("adobe acrobat",), ("adobe acrobat",)),
    Product("foxit", "Foxit PDF Reader", ("pdf",), ("foxitreader",), ("foxitreader",),
            ("foxitpdfreader.exe", "foxitreader.exe"), ("foxit pdf reader", "foxit reader"), ("foxit pdf reader",)),
    Product("sumatra", "SumatraPDF", ("pdf",), (), (), ("sumatrapdf.exe",), ("sumatrapdf",)),
    Product("pdfxchange", "PDF-XChange", ("pdf",), (), (), ("pdfxedit.exe", "pdfxcview.exe"), ("pdf-xchange",)),
    Product("preview", "Aperçu (Preview)", ("pdf",), mac_apps=("preview",)),
    # browsers that display PDFs (a fallback, not a reader the candidate chooses)
    Product("firefox", "Firefox", ("pdf_browser",), ("firefox", "firefox-esr"), ("firefox", "firefox-esr",
            "org.mozilla.firefox", "firefox_firefox"), ("firefox.exe",), ("mozilla firefox",), ("firefox",)),
    Product("chromium", "Chromium / Chrome", ("pdf_browser",), ("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable"), ("chromium", "chromium-browser", "google-chrome", "org.chromium.chromium",
            "chromium_chromium"), ("chrome.exe",), ("google chrome",), ("google chrome", "chromium")),
    Product("edge", "Microsoft Edge", ("pdf_browser",), ("microsoft-edge", "microsoft-edge-stable"),
            ("microsoft-edge",), ("msedge.exe",), ("microsoft edge",), ("microsoft edge",)),
    # office suites (LibreOffice components are checked one by one, see detect.libreoffice_components)
    Product("openoffice", "Apache OpenOffice", OFFICE, ("openoffice4",), ("openoffice4-startcenter",),
            ("soffice.exe",), ("openoffice",), ("openoffice",)),
    Product("onlyoffice", "ONLYOFFICE Desktop Editors", ("writer", "calc", "impress"),
            ("onlyoffice-desktopeditors", "desktopeditors"), ("onlyoffice-desktopeditors",
            "org.onlyoffice.desktopeditors"), ("desktopeditors.exe",), ("onlyoffice",), ("onlyoffice",)),
    Product("wps", "WPS Office", ("writer", "calc", "impress"), ("wps", "et", "wpp"), ("wps-office-wps",
            "wps-office-et", "wps-office-wpp"), ("wps.exe",), ("wps office",), ("wps office",)),
    Product("msword", "Microsoft Word", ("writer",), (), (), ("winword.exe",), (), ("microsoft word",)),
    Product("msexcel", "Microsoft Excel", ("calc",), (), (), ("excel.exe",), (), ("microsoft excel",)),
    Product("mspowerpoint", "Microsoft PowerPoint", ("impress",), (), (), ("powerpnt.exe",), (),
            ("microsoft powerpoint",)),
    # image editors
    Product("gimp", "GIMP", ("image", "ora"), ("gimp", "gimp-2.10", "gimp-3.0"), ("gimp", "org.gimp.gimp",
            "gimp_gimp"), ("gimp-2.10.exe", "gimp-3.0.exe", "gimp.exe"), ("gimp",), ("gimp",)),
    Product("krita", "Krita", ("image", "ora"), ("krita",), ("org.kde.krita", "krita", "krita_krita"),
            ("krita.exe",), ("krita",), ("krita",)),
    Product("pinta", "Pinta", ("image", "ora"), ("pinta",), ("pinta", "com.github.pintaproject.pinta"),
            ("pinta.exe",), ("pinta",), ("pinta",)),
    Product("mypaint", "MyPaint", ("image", "ora"), ("mypaint",), ("mypaint", "org.mypaint.mypaint"),
            ("mypaint.exe",), ("mypaint",), ("mypaint",)),
    Product("photofiltre", "PhotoFiltre", ("image",), (), (), ("photofiltre7.exe", "photofiltre.exe",
            "photofiltre8.exe"), ("photofiltre",)),
    Product("paintnet", "Paint.NET", ("image",), (), (), ("paintdotnet.exe",), ("paint.net",)),
    # video editors
    Product("shotcut", "Shotcut", ("video", "mlt"), ("shotcut",), ("org.shotcut.shotcut", "shotcut",
            "shotcut_shotcut"), ("shotcut.exe",), ("shotcut",), ("shotcut",)),
    Product("kdenlive", "Kdenlive", ("video", "mlt"), ("kdenlive",), ("org.kde.kdenlive", "kdenlive",
            "kdenlive_kdenlive"), ("kdenlive.exe",), ("kdenlive",), ("kdenlive",)),
    Product("openshot", "OpenShot", ("video",), ("openshot-qt", "openshot"), ("org.openshot.openshot",
            "openshot-qt", "openshot"), ("openshot-qt.exe",), ("openshot",), ("openshot",)),
    # archive tools
    Product("7zip", "7-Zip", ("archive",), (), (), ("7zfm.exe",), ("7-zip",)),
    Product("peazip", "PeaZip", ("archive",), ("peazip",), ("peazip", "io.github.peazip.peazip"),
            ("peazip.exe",), ("peazip",), ("peazip",)),
    Product("winrar", "WinRAR", ("archive",), (), (), ("winrar.exe",), ("winrar",)),
    Product("bandizip", "Bandizip", ("archive",), (), (), ("bandizip.exe",), ("bandizip",), ("bandizip",)),
    Product("fileroller", "Gestionnaire d'archives (File Roller)", ("archive",), ("file-roller",),
            ("org.gnome.fileroller", "file-roller")),
    Product("nautilus", "Fichiers (Nautilus, extraction intégrée)", ("archive",), ("nautilus",),
            ("org.gnome.nautilus", "nautilus")),
    Product("ark", "Ark", ("archive",), ("ark",), ("org.kde.ark", "ark")),
    Product("engrampa", "Engrampa", ("archive",), ("engrampa",), ("engrampa",)),
    Product("xarchiver", "Xarchiver", ("archive",), ("xarchiver",), ("xarchiver",)),
    Product("unarchiver", "The Unarchiver", ("archive",), mac_apps=("the unarchiver",)),
    Product("archiveutility", "Utilitaire d'archive (macOS)", ("archive",), mac_apps=("archive utility",)),
    Product("unzip_cli", "unzip / 7z (ligne de commande)", ("archive_cli",), ("unzip", "7z", "7za", "7zz", "bsdtar")),
)

# Built into the system: always there on this platform.
BUILTIN = {
    "Windows": (("archive", "Dossiers compressés de l'Explorateur Windows"),),
    "Darwin": (),
}

# What the tasks need, by extension: used to check the default-application records.
ASSOCIATED_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".odg": "application/vnd.oasis.opendocument.graphics",
    ".ora": "image/openraster",
    ".zip": "application/zip",
}

# LibreOffice components: the module each one needs in LibreOffice's program folder.
LIBREOFFICE_MODULES = {
    "writer": ("libswlo.so", "swlo.dll", "libswlo.dylib"),
    "calc": ("libsclo.so", "sclo.dll", "libsclo.dylib"),
    "impress": ("libslideshowlo.so", "slideshowlo.dll", "libslideshowlo.dylib"),
    "draw": ("libsdlo.so", "sdlo.dll", "libsdlo.dylib"),
}
