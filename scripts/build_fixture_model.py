#!/usr/bin/env python3
"""Build a random-weight Whisper model in CTranslate2 format, for tests and benchmarks.

Whisper weights cannot be downloaded where the tests run, yet the transcriber must be exercised
through the real faster-whisper path (feature extraction, VAD, encoder, decoder, word alignment).
This writes a model directory that ``faster_whisper.WhisperModel(path)`` loads like a real one:

- ``model.bin`` + ``config.json`` from ``ctranslate2.specs.whisper_spec.WhisperSpec``, every variable
  filled with small random weights of the right shape;
- ``vocabulary.json`` and a ``tokenizer.json`` made with ``tokenizers``: byte-level BPE text tokens,
  Whisper's special tokens and the 1501 timestamp tokens ``<|0.00|>`` .. ``<|30.00|>``, laid out as in
  an English-only (``.en``) Whisper vocabulary;
- ``preprocessor_config.json`` (80 mel bins, 16 kHz, 30 s windows).

Its text is meaningless. The output projection carries a bias that makes the random decoder emit
word-like tokens (letters, spaces, a little punctuation) and almost never special or timestamp
tokens, so the shape of its output (words per second, tokens per word) resembles speech and
decoding cost resembles a real model's. Dimensions:

- ``mini``: 2+2 layers of width 64 and a byte-only vocabulary; builds in about a second (tests);
- ``tiny`` / ``base``: the real tiny.en / base.en sizes (d_model 384/512, 4/6 layers, 6/8 heads,
  vocabulary 51864) for benchmarks.

Usage: ``python scripts/build_fixture_model.py OUT_DIR [--dims mini|tiny|base] [--seed N]``
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

N_MELS = 80
N_AUDIO_CTX = 1500  # encoder positions: 30 s of 10 ms frames, halved by the second convolution
N_TEXT_CTX = 448
N_TIMESTAMPS = 1501  # <|0.00|> .. <|30.00|> in steps of 0.02 s
MARKER = "fixture.json"
BRANCH_SCALE = 0.3


@dataclass(frozen=True)
class Dims:
    d_model: int
    layers: int
    heads: int
    text_tokens: int  # byte tokens + BPE merges, before <|endoftext|>
    all_languages: bool
    # Spread of the random logits: larger vocabularies need more to stay confident.
    logit_scale: float
    # Favours tokens that begin a word, for a realistic number of tokens per word.
    word_start_bias: float


_TEXT_TOKENS_EN = 50256  # GPT-2 byte-level BPE, as in the .en models
DIMS: dict[str, Dims] = {
    "mini": Dims(64, 2, 2, 256 + 2 + 52, False, logit_scale=4.0, word_start_bias=5.0),
    "tiny": Dims(384, 4, 6, _TEXT_TOKENS_EN, True, logit_scale=8.0, word_start_bias=12.0),
    "base": Dims(512, 6, 8, _TEXT_TOKENS_EN, True, logit_scale=8.0, word_start_bias=12.0),
}

# 99 language codes of the original Whisper vocabulary (order is irrelevant for a random model).
_LANGUAGE_CODES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur "
    "hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si "
    "km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha "
    "ba jw su"
)
_LANGUAGES = tuple(_LANGUAGE_CODES.split())
_TASK_TOKENS = (
    "<|translate|>",
    "<|transcribe|>",
    "<|startoflm|>",
    "<|startofprev|>",
    "<|nocaptions|>",
    "<|notimestamps|>",
)


def special_tokens(dims: Dims) -> list[str]:
    """Whisper's special tokens in ``.en`` order, ending with the timestamps."""
    langs = _LANGUAGES if dims.all_languages else ["en"]
    stamps = [f"<|{i * 0.02:.2f}|>" for i in range(N_TIMESTAMPS)]
    return [
        "<|endoftext|>",
        "<|startoftranscript|>",
        *(f"<|{c}|>" for c in langs),
        *_TASK_TOKENS,
        *stamps,
    ]


def _text_vocabulary(size: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Byte-level symbols plus synthetic BPE merges (letters first) up to ``size`` tokens."""
    from tokenizers.pre_tokenizers import ByteLevel

    alphabet = sorted(ByteLevel.alphabet())
    # " -" and " '" must be single tokens: faster-whisper suppresses the first token of each, and
    # with bytes alone that would be the space itself (no word boundaries at all).
    tokens = [*alphabet, "Ġ-", "Ġ'"]
    merges: list[tuple[str, str]] = [("Ġ", "-"), ("Ġ", "'")]
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [
        chr(c) for c in range(ord("A"), ord("Z") + 1)
    ]
    seen = set(tokens)
    frontier = ["Ġ" + x for x in letters] + [a + b for a in letters for b in letters]
    firsts = ["Ġ"] * len(letters) + [a for a in letters for _ in letters]
    seconds = letters + [b for _ in letters for b in letters]
    level = list(zip(firsts, seconds, frontier, strict=True))
    while len(tokens) < size:
        next_level = []
        for left, right, merged in level:
            if len(tokens) >= size:
                break
            if merged in seen:
                continue
            seen.add(merged)
            tokens.append(merged)
            merges.append((left, right))
            next_level.extend((merged, x, merged + x) for x in letters)
        level = next_level
    return tokens, merges


def build_tokenizer(dims: Dims) -> tuple[object, list[str]]:
    """The ``tokenizers.Tokenizer`` and the full vocabulary, id order."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

    text, merges = _text_vocabulary(dims.text_tokens)
    vocab = {tok: i for i, tok in enumerate(text)}
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    specials = special_tokens(dims)
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    vocabulary = text + specials
    for probe in ("<|endoftext|>", "<|notimestamps|>", "<|30.00|>"):
        assert tokenizer.token_to_id(probe) == vocabulary.index(probe), probe
    return tokenizer, vocabulary


def _output_bias(vocabulary: list[str], word_start_bias: float) -> list[float]:
    """Make the random decoder prefer word-like text tokens; keep specials and timestamps rare."""
    bias = []
    for tok in vocabulary:
        if tok.startswith("<|"):
            bias.append(-2.0 if tok == "<|endoftext|>" else -30.0)
            continue
        core = tok[1:] if tok.startswith("Ġ") else tok
        if core.isascii() and core.isalpha():
            bias.append(word_start_bias if tok.startswith("Ġ") else 2.0)
        elif tok in {".", ",", "?"}:
            bias.append(0.5)
        elif tok == "Ġ":
            bias.append(-3.0)
        else:
            bias.append(-8.0)
    return bias


def _sinusoids(length: int, channels: int) -> object:
    import numpy as np

    log_timescale = math.log(10000) / (channels // 2 - 1)
    inv = np.exp(-log_timescale * np.arange(channels // 2, dtype=np.float32))
    scaled = np.arange(length, dtype=np.float32)[:, None] * inv[None, :]
    return np.concatenate([np.sin(scaled), np.cos(scaled)], axis=1).astype(np.float32)


def build_spec(dims: Dims, vocabulary: list[str], seed: int = 0) -> object:
    """A ``WhisperSpec`` with every variable set, ready to save."""
    import numpy as np
    from ctranslate2.specs import whisper_spec

    rng = np.random.default_rng(seed)
    d = dims.d_model
    vocab_size = len(vocabulary)

    def rand(*shape: int, fan_in: int | None = None, scale: float = 1.0) -> object:
        std = scale / math.sqrt(fan_in if fan_in else shape[-1])
        return (rng.standard_normal(shape, dtype=np.float32) * std).astype(np.float32)

    def zeros(*shape: int) -> object:
        return np.zeros(shape, dtype=np.float32)

    def norm(spec: object) -> None:
        spec.gamma = np.ones(d, dtype=np.float32)  # type: ignore[attr-defined]
        spec.beta = zeros(d)  # type: ignore[attr-defined]

    def linear(spec: object, out: int, inp: int, *, scale: float = 1.0) -> None:
        spec.weight = rand(out, inp, scale=scale)  # type: ignore[attr-defined]
        spec.bias = zeros(out)  # type: ignore[attr-defined]

    def ffn(spec: object) -> None:
        norm(spec.layer_norm)  # type: ignore[attr-defined]
        linear(spec.linear_0, 4 * d, d)  # type: ignore[attr-defined]
        # Small residual branches keep each position's identity (random deep stacks otherwise
        # collapse every position onto one direction, and greedy decoding repeats one token).
        linear(spec.linear_1, d, 4 * d, scale=BRANCH_SCALE)  # type: ignore[attr-defined]

    spec = whisper_spec.WhisperSpec(dims.layers, dims.heads, dims.layers, dims.heads)
    enc = spec.encoder
    enc.conv1.weight = rand(d, N_MELS, 3, fan_in=N_MELS * 3)
    enc.conv1.bias = zeros(d)
    enc.conv2.weight = rand(d, d, 3, fan_in=d * 3)
    enc.conv2.bias = zeros(d)
    enc.position_encodings.encodings = _sinusoids(N_AUDIO_CTX, d)
    norm(enc.layer_norm)
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d, scale=BRANCH_SCALE)
        ffn(layer.ffn)

    dec = spec.decoder
    # Token and position vectors as large as the layer-normed stream (unit entries), so that the
    # residual branches do not drown which token and which step the decoder is at.
    dec.embeddings.weight = rand(vocab_size, d, fan_in=1)
    # Strong learned positions make each decoding step differ, so greedy decoding of random
    # weights wanders instead of locking into a one-token loop.
    dec.position_encodings.encodings = rand(N_TEXT_CTX, d, fan_in=1)
    norm(dec.layer_norm)
    # A sharper output layer keeps greedy decoding confident (average log-probability near that of
    # a real model on clear speech), so the faster-whisper fallback ladder is not triggered.
    dec.projection.weight = rand(vocab_size, d, scale=dims.logit_scale)
    dec.projection.bias = np.asarray(
        _output_bias(vocabulary, dims.word_start_bias), dtype=np.float32
    )
    for layer in dec.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d, scale=BRANCH_SCALE)
        ffn(layer.ffn)

    spec.register_vocabulary(vocabulary)
    config = spec.config
    text_count = vocabulary.index("<|endoftext|>")
    config.suppress_ids = [
        vocabulary.index(t) for t in ("#", "(", ")", "*", "+", "/", "<", ">", "@", "[", "]")
    ]
    config.suppress_ids_begin = [vocabulary.index("Ġ"), text_count]
    config.lang_ids = [
        i for i, t in enumerate(vocabulary) if t[2:-2] in _LANGUAGES and t.startswith("<|")
    ]
    half = dims.layers // 2
    config.alignment_heads = [
        [layer, head] for layer in range(half, dims.layers) for head in range(dims.heads)
    ]
    return spec


def build(out_dir: Path, dims: str = "mini", *, seed: int = 0) -> Path:
    """Write a random-weight Whisper model to ``out_dir`` (created) and return it.

    Rebuilding into a directory that already holds a fixture of the same dims and seed is a no-op.
    """
    if dims not in DIMS:
        raise ValueError(f"unknown dims {dims!r}; choose one of {', '.join(DIMS)}")
    out_dir = Path(out_dir)
    marker = out_dir / MARKER
    wanted = {"dims": dims, "seed": seed, "format": 1}
    if marker.is_file():
        try:
            if json.loads(marker.read_text()) == wanted:
                return out_dir
        except (OSError, ValueError):
            pass
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("model.bin", "config.json", "vocabulary.json", "tokenizer.json", MARKER):
        (out_dir / stale).unlink(missing_ok=True)

    d = DIMS[dims]
    tokenizer, vocabulary = build_tokenizer(d)
    spec = build_spec(d, vocabulary, seed=seed)
    spec.validate()  # type: ignore[attr-defined]
    # float16 halves the files of the real-size models; CTranslate2 converts on load (int8 on CPU).
    spec.optimize(quantization="float16" if dims != "mini" else "float32")  # type: ignore[attr-defined]
    spec.save(str(out_dir))  # type: ignore[attr-defined]
    tokenizer.save(str(out_dir / "tokenizer.json"))  # type: ignore[attr-defined]
    preprocessor = {
        "chunk_length": 30,
        "feature_extractor_type": "WhisperFeatureExtractor",
        "feature_size": N_MELS,
        "hop_length": 160,
        "n_fft": 400,
        "n_samples": 480000,
        "nb_max_frames": 3000,
        "padding_side": "right",
        "padding_value": 0.0,
        "processor_class": "WhisperProcessor",
        "return_attention_mask": False,
        "sampling_rate": 16000,
    }
    (out_dir / "preprocessor_config.json").write_text(json.dumps(preprocessor, indent=2) + "\n")
    marker.write_text(json.dumps(wanted) + "\n")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="directory to write the model into")
    parser.add_argument(
        "--dims", choices=sorted(DIMS), default="mini", help="model size (default: mini)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    path = build(args.out_dir, args.dims, seed=args.seed)
    size = sum(f.stat().st_size for f in path.iterdir()) / 1e6
    print(f"{args.dims} fixture model written to {path} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
