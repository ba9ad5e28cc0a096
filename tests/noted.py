"""What tests of kept things count: which calls a cache did not spare."""


def noted_calls(monkeypatch, owner, name, note):
    """Wraps `owner.name` so that each call notes `note(*args, **kwargs)` and goes on; returns a
    function giving the notes taken since it was last called, in order."""
    notes = []
    real = getattr(owner, name)

    def noting(*args, **kwargs):
        notes.append(note(*args, **kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, noting)

    def since_last():
        taken = list(notes)
        notes.clear()
        return taken

    return since_last
