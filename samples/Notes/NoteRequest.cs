namespace Notes;

public record NoteRequest(string Title, string? Body, bool Pinned = false);
