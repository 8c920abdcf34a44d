using System.Text.Json.Nodes;

namespace FhirChain.FhirApi.Interactions.Patch;

/// <summary>A patched document, or why the patch could not be applied.</summary>
internal sealed record PatchOutcome(JsonNode? Document, string? Error)
{
    public static PatchOutcome Ok(JsonNode document) => new(document, null);

    public static PatchOutcome Fail(string error) => new(null, error);
}
