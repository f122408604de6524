"""③ Planning the meeting: the checklist of what to learn, how well the research covers each
topic, the gap list, question checks, the question plan and its printable sheet (notebooks 02
and 03)."""
