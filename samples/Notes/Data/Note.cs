namespace Notes.Data;

public class Note
{
    public int Id { get; set; }

    public required string OwnerId { get; set; }

    public required string Title { get; set; }

    public string Body { get; set; } = "";

    public bool Pinned { get; set; }

    public DateTime CreatedAt { get; set; }
}
