using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>Splits a reference into a local type and id when it names a resource on this server.</summary>
internal static class ReferenceParts
{
    /// <summary><c>Patient/123</c>, <c>Patient/123/_history/2</c> or <c>{base}/Patient/123</c> give (Patient, 123); anything else (null, null).</summary>
    public static (string? Type, string? Id) Local(string reference)
    {
        if (reference.StartsWith('#') || reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        var path = reference;
        var history = path.IndexOf("/_history/", StringComparison.Ordinal);
        if (history >= 0)
        {
            path = path[..history];
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return (null, null);
        }

        var type = parts[^2];
        var id = parts[^1];
        if (ModelInfo.IsKnownResource(type) && IdRules.IsValid(id))
        {
            return (type, id);
        }

        return (null, null);
    }
}
