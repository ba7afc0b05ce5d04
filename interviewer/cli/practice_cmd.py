"""``interviewer practice`` (the round, in the TUI or headless) and ``interviewer replay``.

Headless (``--no-tui --answers DIR``) plays the same round the TUI plays, with one answer per
question taken from DIR in file-name order: audio files are fed through the recorder and the
transcriber as if spoken, ``.txt`` files are typed answers (no model needed). The round ends when
the files or the questions run out. Textual is imported only when the TUI starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.cli.common import add_command
from interviewer.errors import UserError

if TYPE_CHECKING:
    from interviewer.models import Answer, Session
    from interviewer.round import RoundEngine, RoundEvent

SPEAK_TIMEOUT_S = 120.0


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "practice",
        help="a timed, spoken practice round (the default command)",
        description=(
            "Start a practice round: each question is spoken and shown, your answer is recorded and\n"
            "transcribed on this machine, then scored. With no microphone or no speech model the\n"
            "answers are typed. Headless: --no-tui --answers DIR takes the answers from files.\n\n"
            "keys in the TUI: space starts/ends an answer, p pauses, r repeats, s skips, e ends early"
        ),
    )
    pick = p.add_mutually_exclusive_group()
    pick.add_argument("--round", metavar="NAME", help="round template (default: ui.default_round)")
    pick.add_argument("--kind", metavar="KIND", help="questions of one kind instead of a template")
    pick.add_argument(
        "--question",
        action="append",
        metavar="ID",
        dest="question_ids",
        help="ask this question (repeatable)",
    )
    p.add_argument(
        "--count", type=int, default=3, metavar="N", help="questions with --kind (default 3)"
    )
    p.add_argument(
        "--typed", action="store_true", help="type the answers (no microphone or model needed)"
    )
    p.add_argument(
        "--model", metavar="M", help="Whisper model name or path (default: transcribe.model)"
    )
    p.add_argument(
        "--llm", action="store_true", default=None, help="LLM feedback and follow-up questions"
    )
    p.add_argument(
        "--no-voice", action="store_true", help="show the questions without speaking them"
    )
    p.add_argument("--no-tui", action="store_true", help="run headless (needs --answers)")
    p.add_argument("--answers", type=Path, metavar="DIR", help="answer files for a headless round")
    p.add_argument(
        "--realtime",
        action="store_true",
        help="headless: feed audio answers at speaking pace, like a microphone",
    )
    p.set_defaults(func=_practice, _parser=p)

    r = add_command(
        sub,
        "replay",
        help="replay a past session: its transcript in step with its audio",
        description="Replay a session in the TUI, or print its annotated transcript with --no-tui.",
    )
    r.add_argument("id", metavar="ID", help="session id or 'latest'")
    r.add_argument("--no-tui", action="store_true", help="print the annotated transcript")
    r.set_defaults(func=_replay)


# ---------------------------------------------------------------------- practice


def _practice(args: argparse.Namespace) -> int:
    from interviewer.cli.common import bank, settings

    parser: argparse.ArgumentParser = args._parser
    if args.no_tui and args.answers is None:
        parser.error("--no-tui needs --answers DIR (a folder of audio or .txt answers)")
    if args.answers is not None and not args.no_tui:
        parser.error("--answers is for headless rounds; add --no-tui")
    if args.realtime and not args.no_tui:
        parser.error("--realtime is for headless rounds; add --no-tui")
    if args.count < 1:
        parser.error("--count must be at least 1")
    conf = settings(args)
    if args.kind is not None:
        from interviewer.models import KINDS

        if args.kind not in KINDS:
            raise UserError(f"unknown kind {args.kind!r}; kinds: {', '.join(KINDS)}")
    if args.no_tui:
        return _headless(args, conf, bank(args))
    return _tui(args, conf, bank(args))


def _plan(
    args: argparse.Namespace, conf: Any, the_bank: Any, store: Any
) -> tuple[str, str, list[Any]]:
    from interviewer.round import plan_round

    round_name = args.round
    if not (round_name or args.kind or args.question_ids):
        round_name = conf.ui.default_round
    return plan_round(
        the_bank,
        store,
        round_name=round_name,
        kind=args.kind,
        count=args.count,
        question_ids=args.question_ids or (),
    )


def _tui(args: argparse.Namespace, conf: Any, the_bank: Any) -> int:
    from interviewer.services import Services

    # The model runs in a child process, so the interface never waits on it.
    services = Services.real(
        conf,
        model=args.model,
        typed=args.typed,
        llm=args.llm,
        speak=not args.no_voice,
        isolate=True,
    )
    try:
        # A round named on the command line starts straight away; otherwise home lets the user pick.
        plan = None
        if args.round or args.kind or args.question_ids:
            plan = _plan(args, conf, the_bank, services.store)
        from interviewer.tui.app import InterviewerApp

        app = InterviewerApp(services, conf, bank=the_bank, plan=plan, llm=bool(args.llm))
        app.run()
        return int(app.return_code or 0)
    finally:
        services.close()


def _headless(args: argparse.Namespace, conf: Any, the_bank: Any) -> int:
    from interviewer.round import RoundEngine, answer_files
    from interviewer.services import Services

    files = answer_files(args.answers)
    needs_model = any(f.suffix.lower() != ".txt" for f in files)
    services = Services.real(
        conf,
        model=args.model,
        typed=not needs_model,
        answers_dir=args.answers,
        llm=args.llm,
        speak=not args.no_voice and _has_output_device(),
    )
    try:
        if needs_model and services.recorder_factory is None:
            reason = (
                services.problems.get("model")
                or services.problems.get("audio")
                or "no speech model"
            )
            raise UserError(f"cannot transcribe the audio answers: {reason}")
        round_name, title, questions = _plan(args, conf, the_bank, services.store)
        questions = questions[: len(files)]
        engine = RoundEngine(
            services, questions, round_name=round_name, title=title, llm=bool(args.llm)
        )
        engine.subscribe(_Printer(engine))
        print(
            f"{title}: {len(questions)} question{'s' if len(questions) != 1 else ''}, answers from {args.answers}"
        )
        _mention_interrupted(services.store)
        try:
            session = _run_headless(engine, files, realtime=args.realtime)
        except BaseException:
            engine.close()
            raise
        _print_summary(services.store, session)
        return 0
    finally:
        services.close()


def _has_output_device() -> bool:
    """Speak only where someone could hear it; CI machines have no sound card."""
    try:
        import sounddevice as sd

        sd.query_devices(kind="output")
        return True
    except Exception:
        return False


def _run_headless(engine: RoundEngine, files: list[Path], *, realtime: bool = False) -> Session:
    from interviewer.audio import FileSource

    session = engine.start()
    speaker = engine.services.speaker
    for number, path in enumerate(files):
        if number > 0 and not engine.next():
            break
        if speaker is not None and engine.services.voice:
            speaker.wait(SPEAK_TIMEOUT_S)
        print(f"  answer: {path.name}", flush=True)
        if path.suffix.lower() == ".txt":
            engine.tick()
            text = _read_text_answer(path)
            engine.finish_answer(text)
        else:
            engine.begin_answer(source=FileSource(path, realtime=realtime))
            engine.wait_recording()
            print("  transcribing...", flush=True)
            engine.finish_answer()
    engine.finish()  # the files or the questions ran out: the round is over
    return engine.services.store.get_session(session.id)


def _read_text_answer(path: Path) -> str:
    from interviewer.models import read_text_file

    text = read_text_file(path, expected="a typed answer")
    if not text.strip():
        raise UserError(f"{path}: the answer is empty")
    return text


class _Printer:
    """Prints the round's progress as it happens (the headless UI)."""

    def __init__(self, engine: RoundEngine) -> None:
        self.engine = engine

    def __call__(self, event: RoundEvent) -> None:
        e = self.engine
        if event.kind == "question":
            q = event.data
            print(
                f"\nQuestion {event.index + 1}/{len(e.questions)} [{q.kind}, {q.budget_s / 60:.0f} min]",
                flush=True,
            )
            print(f"  {q.text}", flush=True)
        elif event.kind == "scored":
            print(f"  {_score_line(event.data)}", flush=True)
        elif event.kind == "follow_up":
            print("  (a follow-up question was added)", flush=True)
        elif event.kind in ("error", "notice"):
            print(f"  {event.kind}: {event.data}", file=sys.stderr, flush=True)


def _score_line(answer: Answer) -> str:
    s = answer.score
    if s is None:
        return f"not scored ({answer.error or answer.status})"
    flags = ", ".join(f.code for f in s.flags) or "none"
    return (
        f"scored: overall {s.scores.overall:.1f}/5 (structure {s.scores.structure:.1f}, pacing "
        f"{s.scores.pacing:.1f}, content {s.scores.content:.1f}); flags: {flags}"
    )


def _print_summary(store: Any, session: Session) -> None:
    scored = [a for a in session.answers if a.score is not None]
    print(f"\nSession {session.id} saved ({len(scored)}/{len(session.answers)} answers scored).")
    if scored:
        mean = sum(float(a.score.scores.overall) for a in scored if a.score) / len(scored)
        print(f"Overall: {mean:.1f}/5")
    try:
        from interviewer.report.debrief import build_debrief

        debrief = build_debrief(store, session.id)  # type: ignore[arg-type]
        for item in debrief.focus:
            print(f"  focus: {item.title}: {item.advice}")
    except ImportError:
        pass
    print(
        f"Debrief: interviewer export {session.id} --format md   Replay: interviewer replay {session.id}"
    )


# ---------------------------------------------------------------------- recovery


def _mention_interrupted(store: Any) -> None:
    for s in store.unfinished_sessions():
        print(
            f"note: session {s.id} was interrupted with {s.answers} answer(s) saved; "
            f"finish it with: interviewer sessions recover {s.id}",
            file=sys.stderr,
        )


def register_recover(actions: argparse._SubParsersAction) -> None:
    """``interviewer sessions recover [ID]`` (registered by the sessions command group)."""
    rec = add_command(
        actions,
        "recover",
        help="finish sessions a crash left open: repair, transcribe and score what was saved",
        description=(
            "Find sessions left open by a crash or a kill and take each saved answer the rest of the\n"
            "way: a recording cut short is repaired, transcribed and scored; answers already scored\n"
            "are left untouched. The session is then marked finished."
        ),
    )
    rec.add_argument(
        "id", nargs="?", metavar="ID", help="session id (default: every interrupted session)"
    )
    rec.add_argument(
        "--model", metavar="M", help="Whisper model name or path (default: transcribe.model)"
    )
    rec.add_argument("--json", action="store_true", help="print JSON")
    rec.set_defaults(func=_recover)


def _recover(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from interviewer.cli.common import bank, print_json, settings, store
    from interviewer.recovery import real_parts, recover_all

    conf = settings(args)
    with store() as st:
        if args.id is not None:
            ids = [st.resolve_id(args.id)]
            status = st.get_session(ids[0]).status
            if status != "active":
                raise UserError(
                    f"session {ids[0]} is {status}, not interrupted; nothing to recover"
                )
        else:
            ids = [s.id for s in st.unfinished_sessions()]
        if not ids:
            if args.json:
                print_json([])
            else:
                print("No interrupted sessions.")
            return 0
        scorer, transcribe, why = real_parts(conf, model=args.model)
        progress = None if args.json else (lambda msg: print(f"  {msg}", flush=True))
        reports = recover_all(
            st, ids, scorer=scorer, transcribe=transcribe, bank=bank(args), progress=progress
        )
    if args.json:
        print_json([asdict(r) for r in reports])
        return 0
    for report in reports:
        print("\n".join(report.lines()))
    if why and any(r.pending for r in reports):
        print(
            f"Some recordings were kept untranscribed: {why}. Run this again once a model is installed."
        )
    return 0


# ---------------------------------------------------------------------- replay


def _replay(args: argparse.Namespace) -> int:
    from interviewer.cli.common import settings, store

    with store() as st:
        session = st.get_session(args.id)
        if args.no_tui:
            sys.stdout.write("\n".join(annotated_transcript(session)) + "\n")
            return 0
    from interviewer.services import Services

    conf = settings(args)
    services = Services.real(conf, typed=True, speak=False)
    try:
        from interviewer.tui.app import InterviewerApp

        app = InterviewerApp(services, conf, replay_id=session.id)
        app.run()
        return int(app.return_code or 0)
    finally:
        services.close()


def annotated_transcript(session: Session, *, line_s: float = 12.0) -> list[str]:
    """A session as text: each answer's words in timed lines, flagged stretches in ⟦ ⟧ with their codes."""
    out = [
        f"Session {session.id} · {session.title or session.round_name} · "
        f"{session.started_at.astimezone():%Y-%m-%d %H:%M} · {session.status}"
    ]
    for answer in session.answers:
        q = answer.question
        out += ["", f"Q{answer.position + 1} [{q.kind}] {q.text}"]
        if answer.score is not None:
            out.append(f"  {_score_line(answer)}")
        elif answer.status != "scored":
            out.append(f"  ({answer.status}{': ' + answer.error if answer.error else ''})")
        if answer.transcript is None or not answer.transcript.words:
            continue
        flags = [f for f in (answer.score.flags if answer.score else []) if f.start_s is not None]

        def codes_at(t: float, flags: list[Any] = flags) -> list[str]:
            return [
                f.code
                for f in flags
                if f.start_s <= t <= (f.end_s if f.end_s is not None else f.start_s)
            ]

        line: list[str] = []
        line_start = answer.transcript.words[0].start
        line_codes: set[str] = set()
        inside = False
        for word in answer.transcript.words:
            if line and word.start - line_start >= line_s:
                out.append(_timed_line(line_start, line, inside, line_codes))
                line, line_start, line_codes = [], word.start, set()
                if inside:
                    line.append("⟦")
            here = codes_at(word.start)
            if here and not inside:
                line.append("⟦")
                inside = True
            elif not here and inside:
                line.append("⟧")
                inside = False
            line_codes.update(here)
            line.append(word.text.strip())
        out.append(_timed_line(line_start, line, inside, line_codes))
        for f in answer.score.flags if answer.score else []:
            where = (
                f" {_mmss(f.start_s)}–{_mmss(f.end_s)}"
                if f.start_s is not None and f.end_s is not None
                else ""
            )
            quote = f' "{f.evidence}"' if f.evidence else ""
            out.append(f"  ⚑ {f.code} ({f.severity}){where}{quote}")
            if f.advice:
                out.append(f"      → {f.advice}")
    return out


def _timed_line(start: float, words: list[str], inside: bool, codes: set[str]) -> str:
    text = " ".join(words).replace("⟦ ", "⟦").replace(" ⟧", "⟧")
    if inside:
        text += "⟧"
    tag = f"   ⚑ {', '.join(sorted(codes))}" if codes else ""
    return f"  [{_mmss(start)}] {text}{tag}"


def _mmss(seconds: float | None) -> str:
    s = max(0.0, seconds or 0.0)
    return f"{int(s // 60):02d}:{s % 60:04.1f}"
