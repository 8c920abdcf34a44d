namespace FhirChain.Provenance.Notes;

/// <summary>A parsed checkpoint, or the reason the text is not one.</summary>
public sealed record CheckpointParseResult(Checkpoint? Checkpoint, string? Error)
{
    /// <summary>True when <see cref="Checkpoint"/> is set.</summary>
    public bool IsValid => Checkpoint is not null;

    internal static CheckpointParseResult Ok(Checkpoint checkpoint) => new(checkpoint, null);

    internal static CheckpointParseResult Fail(string error) => new(null, $"malformed checkpoint: {error}");
}
