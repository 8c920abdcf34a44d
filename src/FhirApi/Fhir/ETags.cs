namespace FhirChain.FhirApi;

/// <summary>Weak ETags carrying a version id, as FHIR uses them.</summary>
internal static class ETags
{
    public static string For(int versionId) => $"W/\"{versionId}\"";

    public static string VersionOf(string etag)
    {
        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.OrdinalIgnoreCase))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }
}
