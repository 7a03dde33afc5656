"""Video-editor projects: a Shotcut/MLT ``.mlt`` timeline of titled clips (xml.etree), a WAV tone (wave)."""

from __future__ import annotations

import io
import math
import sys
import wave
import xml.etree.ElementTree as ET
from array import array
from dataclasses import dataclass
from typing import Mapping, Sequence

from .archive import zip_archive

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


@dataclass(frozen=True)
class Clip:
    """A timeline entry: a still or media file (``resource``) or a colour card, with a title over it."""

    title: str
    seconds: float
    resource: str | None = None  # a file name beside the .mlt (image, WAV...), None for a colour card
    color: str = "#ff1f3a5f"  # ARGB colour of a colour card


def _element(parent: ET.Element, tag: str, attributes: Mapping[str, object] = {},
             properties: Mapping[str, object] = {}) -> ET.Element:
    """Add ``<tag>`` under ``parent`` with its attributes and MLT ``<property name=...>`` children."""
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    for name, value in properties.items():
        ET.SubElement(element, "property", name=name).text = str(value)
    return element


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
    last = sum(frames) - 1
    root = ET.Element("mlt", LC_NUMERIC="C", version="7.0.0", title=title, producer="main_tractor")
    _element(root, "profile", {
        "description": f"{width}x{height} {fps} fps", "width": width, "height": height, "progressive": 1,
        "sample_aspect_num": 1, "sample_aspect_den": 1, "display_aspect_num": width,
        "display_aspect_den": height, "frame_rate_num": fps, "frame_rate_den": 1, "colorspace": 709})
    _element(root, "producer", {"id": "black", "in": 0, "out": last}, {
        "length": last + 1, "eof": "pause", "resource": "0", "mlt_service": "color", "mlt_image_format": "rgba"})
    background = _element(root, "playlist", {"id": "background"})
    _element(background, "entry", {"producer": "black", "in": 0, "out": last})
    for index, (clip, length) in enumerate(zip(clips, frames, strict=True)):
        if clip.resource is None:
            service, resource = "color", clip.color
        elif clip.resource.lower().endswith(_IMAGE_SUFFIXES):
            service, resource = "qimage", clip.resource
        else:
            service, resource = "avformat", clip.resource
        producer = _element(root, "producer", {"id": f"producer{index}", "in": 0, "out": length - 1}, {
            "length": length, "eof": "pause", "resource": resource, "mlt_service": service,
            "shotcut:caption": clip.title})
        _element(producer, "filter", {"id": f"filter{index}"}, {
            "mlt_service": "dynamictext", "shotcut:filter": "dynamicText", "argument": clip.title,
            "geometry": f"0 {height * 7 // 9} {width} {height // 6} 1", "family": "Sans", "size": 64,
            "weight": 700, "fgcolour": "#ffffffff", "bgcolour": "#99000000", "halign": "center",
            "valign": "middle"})
    video = _element(root, "playlist", {"id": "playlist0"}, {"shotcut:video": 1, "shotcut:name": "V1"})
    for index, length in enumerate(frames):
        _element(video, "entry", {"producer": f"producer{index}", "in": 0, "out": length - 1})
    if soundtrack:
        _element(root, "producer", {"id": "sound", "in": 0, "out": last}, {
            "length": last + 1, "resource": soundtrack, "mlt_service": "avformat", "shotcut:caption": soundtrack})
        audio = _element(root, "playlist", {"id": "playlist1"}, {"shotcut:audio": 1, "shotcut:name": "A1"})
        _element(audio, "entry", {"producer": "sound", "in": 0, "out": last})
    tractor = _element(root, "tractor", {"id": "main_tractor", "title": title, "in": 0, "out": last}, {"shotcut": 1})
    _element(tractor, "track", {"producer": "background"})
    _element(tractor, "track", {"producer": "playlist0"})
    if soundtrack:
        _element(tractor, "track", {"producer": "playlist1", "hide": "video"})
    _element(tractor, "transition", {"id": "transition0"},
             {"a_track": 0, "b_track": 1, "mlt_service": "qtblend", "always_active": 1})
    if soundtrack:
        _element(tractor, "transition", {"id": "transition1"},
                 {"a_track": 0, "b_track": 2, "mlt_service": "mix", "always_active": 1, "sum": 1})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def wav_tone(seconds: float = 1.0, frequency: float = 440.0, rate: int = 8000, volume: float = 0.3) -> bytes:
    """Return a mono 16-bit WAV of a sine tone (8 kHz by default, so one second is 16 kB)."""
    samples = array("h", (round(volume * 32767 * math.sin(2 * math.pi * frequency * i / rate))
                          for i in range(int(seconds * rate))))
    if sys.byteorder == "big":  # pragma: no cover - WAV samples are little-endian
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
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
    return zip_archive({project_name: mlt_project(clips, title, soundtrack=soundtrack), **files})
