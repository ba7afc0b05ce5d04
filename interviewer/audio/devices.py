"""Finding audio devices: listing them, and resolving what the user typed (a name or an index).

PortAudio scans devices once, when sounddevice is imported; ``refresh_devices`` rescans (a headset
plugged in after start, or a sound server started by a test). Every failure becomes a one-line
:class:`~interviewer.errors.UserError` that says what to try next.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from typing import Any, Literal

from interviewer.errors import UserError

Kind = Literal["input", "output"]


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    hostapi: str
    inputs: int
    outputs: int
    default_samplerate: float
    default_input: bool = False
    default_output: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _sd() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library missing
        raise UserError(
            f"audio unavailable: PortAudio not found ({exc})",
            hint=_install_hint(),
        ) from None
    return sounddevice


def _install_hint() -> str:
    if sys.platform.startswith("linux"):
        return "install it: sudo apt-get install libportaudio2"
    if sys.platform == "darwin":
        return "install it: brew install portaudio"
    return "reinstall the sounddevice package"


def refresh_devices() -> None:
    """Rescan devices (PortAudio only scans when it starts). Call it only while no stream is open:
    restarting PortAudio closes every stream of the process."""
    sd = _sd()
    try:
        sd._terminate()
        sd._initialize()
    except sd.PortAudioError:
        pass


def list_devices() -> list[Device]:
    """Every device PortAudio sees, with the system defaults marked."""
    sd = _sd()
    try:
        raw = sd.query_devices()
        hostapis = sd.query_hostapis()
    except sd.PortAudioError as exc:
        raise UserError(f"cannot list audio devices: {exc}") from None
    default_in, default_out = _defaults(sd)
    devices = []
    for info in raw:
        devices.append(
            Device(
                index=int(info["index"]),
                name=str(info["name"]),
                hostapi=str(hostapis[info["hostapi"]]["name"]),
                inputs=int(info["max_input_channels"]),
                outputs=int(info["max_output_channels"]),
                default_samplerate=float(info["default_samplerate"]),
                default_input=int(info["index"]) == default_in,
                default_output=int(info["index"]) == default_out,
            )
        )
    return devices


def _defaults(sd: Any) -> tuple[int, int]:
    try:
        d_in, d_out = sd.default.device
    except (TypeError, ValueError):
        return -1, -1
    return (int(d_in) if d_in is not None else -1), (int(d_out) if d_out is not None else -1)


def _no_device_message(kind: Kind) -> str:
    what = "microphone (input device)" if kind == "input" else "speaker (output device)"
    return f"no {what} found"


def _no_device_hint(kind: Kind) -> str:
    if sys.platform.startswith("linux"):
        base = "plug one in, check that PulseAudio/PipeWire is running (pactl info), then `interviewer devices`"
    elif sys.platform == "darwin":
        base = "plug one in, check System Settings > Sound, then `interviewer devices`"
    else:
        base = "plug one in, check the Sound control panel, then `interviewer devices`"
    return base


def resolve_device(spec: str | int | None, kind: Kind) -> Device:
    """The device the user meant: ``None`` (system default), an index, or a case-insensitive name substring."""
    devices = list_devices()
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    if not usable:
        raise UserError(_no_device_message(kind), hint=_no_device_hint(kind))
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        for d in usable:
            if d.default_input if kind == "input" else d.default_output:
                return d
        return usable[0]
    if isinstance(spec, int) or spec.strip().isdigit():
        index = int(spec)
        for d in devices:
            if d.index == index:
                if d not in usable:
                    raise UserError(
                        f"device {index} ({d.name}) has no {'inputs' if kind == 'input' else 'outputs'}",
                        hint="`interviewer devices` lists them",
                    )
                return d
        raise UserError(
            f"no audio device with index {index}", hint="`interviewer devices` lists them"
        )
    needle = spec.strip().lower()
    exact = [d for d in usable if d.name.lower() == needle]
    if exact:
        return exact[0]
    matches = [d for d in usable if needle in d.name.lower()]
    if not matches:
        names = ", ".join(repr(d.name) for d in usable[:6])
        raise UserError(f"no {kind} device matches {spec!r} (available: {names})")
    if len(matches) > 1:
        names = ", ".join(f"{d.index}: {d.name}" for d in matches[:6])
        raise UserError(
            f"{spec!r} matches several {kind} devices ({names}); give the index or more of the name"
        )
    return matches[0]
