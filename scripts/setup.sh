#!/usr/bin/env bash
# Set up interviewer on this machine: system audio/speech packages, a virtual environment, the package.
# Safe to run again: it installs only what is missing. Used by scripts/practice, scripts/test and .ci/run.
#   INTERVIEWER_SKIP_SYSTEM=1  skip the system packages (you installed them yourself)
#   INTERVIEWER_VENV=DIR       where the virtual environment goes (default: .venv in the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${INTERVIEWER_VENV:-.venv}"
python="${PYTHON:-python3}"
extras="${1:-}"   # "test" to install the test tools too

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian/Ubuntu: speech synthesis (espeak-ng), PortAudio for sounddevice, PulseAudio and the ALSA pulse
# plugin (the tests' virtual microphone), sox/ffmpeg (audio files), tmux (the TUI test).
debian_packages=(espeak-ng libespeak-ng1 libportaudio2 libsndfile1 pulseaudio pulseaudio-utils
                 libasound2-plugins alsa-utils sox ffmpeg tmux)

if [ "${INTERVIEWER_SKIP_SYSTEM:-0}" != 1 ]; then
  case "$(uname -s)" in
    Linux)
      if command -v apt-get >/dev/null 2>&1; then
        missing=()
        for p in "${debian_packages[@]}"; do
          dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
        done
        if [ ${#missing[@]} -gt 0 ]; then
          say "installing system packages: ${missing[*]}"
          sudo_cmd=()
          [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
          "${sudo_cmd[@]}" apt-get update -qq
          DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        fi
      else
        say "not a Debian/Ubuntu system: install espeak-ng, PortAudio, PulseAudio, sox, ffmpeg and tmux with your package manager"
      fi
      ;;
    Darwin)
      # pyttsx3 speaks with the system voice; sounddevice's wheel carries PortAudio.
      command -v brew >/dev/null 2>&1 && { brew list ffmpeg >/dev/null 2>&1 || brew install ffmpeg tmux; } || true
      ;;
  esac
fi

if [ ! -x "$venv/bin/python" ]; then
  say "creating the virtual environment in $venv"
  "$python" -m venv "$venv"
fi
stamp="$venv/.installed-${extras:-app}"
# An install with the test tools includes the app itself.
[ -z "$extras" ] && [ -f "$venv/.installed-test" ] && [ ! pyproject.toml -nt "$venv/.installed-test" ] && stamp="$venv/.installed-test"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "installing interviewer${extras:+ with the $extras tools} into $venv"
  "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
  if [ -n "$extras" ]; then
    "$venv/bin/python" -m pip install -q -e ".[$extras]"
  else
    "$venv/bin/python" -m pip install -q -e .
  fi
  touch "$stamp"
fi
