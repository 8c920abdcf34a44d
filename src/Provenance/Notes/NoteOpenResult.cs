namespace FhirChain.Provenance.Notes;

/// <summary>The outcome of opening a signed note: the verified text, or why it was refused.</summary>
public sealed record NoteOpenResult(NoteOpenStatus Status, string? Text, string Reason)
{
    /// <summary>True when the note verified; <see cref="Text"/> is then the signed text.</summary>
    public bool IsVerified => Status == NoteOpenStatus.Verified;

    internal static NoteOpenResult Verified(string text) => new(NoteOpenStatus.Verified, text, "verified");

    internal static NoteOpenResult Fail(NoteOpenStatus status, string reason) => new(status, null, reason);
}
