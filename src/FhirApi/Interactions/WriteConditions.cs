namespace FhirChain.FhirApi.Interactions;

/// <summary>Preconditions a client put on a write: <c>If-Match</c> (a version id) and <c>If-None-Exist</c> (search criteria).</summary>
internal sealed record WriteConditions(string? IfMatch = null, string? IfNoneExist = null)
{
    public static readonly WriteConditions None = new();

    /// <summary>The version id in an <c>If-Match</c> ETag (<c>W/"3"</c> or <c>"3"</c> or <c>3</c>).</summary>
    public string? IfMatchVersion => IfMatch is null ? null : ETags.VersionOf(IfMatch);
}
