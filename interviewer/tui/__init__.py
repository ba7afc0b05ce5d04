"""The Textual app: home, pre-flight, the interview, debrief, replay and history screens.

The only package that imports Textual. Screens drive the headless round engine
(``interviewer.round``) and read the store and the reports; blocking work (finishing an answer,
opening the microphone) runs in thread workers that post messages back.
"""
