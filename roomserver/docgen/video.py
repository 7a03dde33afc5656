"""Video-editor projects: a Shotcut/MLT ``.mlt`` timeline of titled clips, and a tiny WAV clip."""

from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass
from typing import Mapping, Sequence

from .archive import zip_archive
from .textblocks import xml_escape

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


@dataclass(frozen=True)
class Clip:
    """A timeline entry: a still or media file (``resource``) or a colour card, with a title over it."""

    title: str
    seconds: float
    resource: str | None = None  # a file name beside the .mlt (image, WAV...), None for a colour card
    color: str = "#ff1f3a5f"  # ARGB colour of a colour card


def _props(props: Mapping[str, object]) -> str:
    return "".join(
        f'<property name="{name}">{xml_escape(str(value))}</property>' for name, value in props.items()
    )


def mlt_project(
    clips: Sequence[Clip], title: str = "Montage", *, soundtrack: str | None = None,
    fps: int = 25, width: int = 1280, height: int = 720,
) -> bytes:
    """Return a Shotcut-compatible MLT XML project: video track V1 with the clips, optional audio track A1.

    Each clip carries its title twice: as its Shotcut caption and as a "simple text" filter
    drawn over the picture. Resources are file names relative to the .mlt file.
    """
    if not clips:
        raise ValueError("a project needs at least one clip")
    frames = [max(1, round(c.seconds * fps)) for c in clips]
    total = sum(frames)
    out: list[str] = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<mlt LC_NUMERIC="C" version="7.0.0" title="{xml_escape(title)}" producer="main_tractor">',
        f'<profile description="{width}x{height} {fps} fps" width="{width}" height="{height}" progressive="1" '
        f'sample_aspect_num="1" sample_aspect_den="1" display_aspect_num="{width}" display_aspect_den="{height}" '
        f'frame_rate_num="{fps}" frame_rate_den="1" colorspace="709"/>',
        f'<producer id="black" in="0" out="{total - 1}">'
        + _props({"length": total, "eof": "pause", "resource": "0", "mlt_service": "color", "mlt_image_format": "rgba"})
        + "</producer>",
        f'<playlist id="background"><entry producer="black" in="0" out="{total - 1}"/></playlist>',
    ]
    entries = []
    for index, (clip, length) in enumerate(zip(clips, frames, strict=True)):
        if clip.resource is None:
            service, resource = "color", clip.color
        elif clip.resource.lower().endswith(_IMAGE_SUFFIXES):
            service, resource = "qimage", clip.resource
        else:
            service, resource = "avformat", clip.resource
        text_filter = (
            f'<filter id="filter{index}">'
            + _props({
                "mlt_service": "dynamictext", "shotcut:filter": "dynamicText", "argument": clip.title,
                "geometry": "0 560 1280 120 1", "family": "Sans", "size": 64, "weight": 700,
                "fgcolour": "#ffffffff", "bgcolour": "#99000000", "halign": "center", "valign": "middle",
            })
            + "</filter>"
        )
        out.append(
            f'<producer id="producer{index}" in="0" out="{length - 1}">'
            + _props({"length": length, "eof": "pause", "resource": resource, "mlt_service": service,
                      "shotcut:caption": clip.title})
            + text_filter + "</producer>"
        )
        entries.append(f'<entry producer="producer{index}" in="0" out="{length - 1}"/>')
    out.append(
        '<playlist id="playlist0">' + _props({"shotcut:video": 1, "shotcut:name": "V1"}) + "".join(entries) + "</playlist>"
    )
    tracks = ['<track producer="background"/>', '<track producer="playlist0"/>']
    transitions = [
        '<transition id="transition0">'
        + _props({"a_track": 0, "b_track": 1, "mlt_service": "qtblend", "always_active": 1}) + "</transition>"
    ]
    if soundtrack:
        out.append(
            f'<producer id="sound" in="0" out="{total - 1}">'
            + _props({"length": total, "resource": soundtrack, "mlt_service": "avformat", "shotcut:caption": soundtrack})
            + "</producer>"
        )
        out.append(
            '<playlist id="playlist1">' + _props({"shotcut:audio": 1, "shotcut:name": "A1"})
            + f'<entry producer="sound" in="0" out="{total - 1}"/></playlist>'
        )
        tracks.append('<track producer="playlist1" hide="video"/>')
        transitions.append(
            '<transition id="transition1">'
            + _props({"a_track": 0, "b_track": 2, "mlt_service": "mix", "always_active": 1, "sum": 1})
            + "</transition>"
        )
    out.append(
        f'<tractor id="main_tractor" title="{xml_escape(title)}" in="0" out="{total - 1}">'
        + _props({"shotcut": 1}) + "".join(tracks) + "".join(transitions) + "</tractor></mlt>\n"
    )
    return "\n".join(out).encode("utf-8")


def wav_tone(seconds: float = 1.0, frequency: float = 440.0, rate: int = 8000, volume: float = 0.3) -> bytes:
    """Return a mono 16-bit WAV of a sine tone (8 kHz by default, so one second is 16 kB)."""
    count = int(seconds * rate)
    samples = b"".join(
        struct.pack("<h", int(round(volume * 32767 * math.sin(2 * math.pi * frequency * i / rate))))
        for i in range(count)
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples)
    return buffer.getvalue()


def video_project_zip(
    clips: Sequence[Clip], files: Mapping[str, bytes], *, project_name: str = "montage.mlt",
    title: str = "Montage", soundtrack: str | None = None,
) -> bytes:
    """Return a ZIP holding the .mlt project and the media files it references (name -> bytes)."""
    wanted = {c.resource for c in clips if c.resource} | ({soundtrack} if soundtrack else set())
    missing = sorted(wanted - set(files))
    if missing:
        raise ValueError(f"media referenced by the project but not given: {missing}")
    project = mlt_project(clips, title, soundtrack=soundtrack)
    return zip_archive({project_name: project, **files})
