namespace FhirChain.FhirApi.Bundles;

/// <summary>A bundle entry's <c>request.url</c>, taken apart: type, id, version, criteria, or an operation/system path.</summary>
internal sealed record BundleEntryUrl(string? Type, string? Id, string? VersionId, string? Criteria, bool IsHistory)
{
    public static BundleEntryUrl Parse(string url, string baseUrl)
    {
        var relative = url.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? url[(baseUrl.Length + 1)..] : url.TrimStart('/');
        string? criteria = null;
        var question = relative.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            criteria = relative[(question + 1)..];
            relative = relative[..question];
        }

        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            [] => new BundleEntryUrl(null, null, null, criteria, false),
            ["_history"] => new BundleEntryUrl(null, null, null, criteria, true),
            [var type] => new BundleEntryUrl(type, null, null, criteria, false),
            [var type, "_history"] => new BundleEntryUrl(type, null, null, criteria, true),
            [var type, var id] => new BundleEntryUrl(type, id, null, criteria, false),
            [var type, var id, "_history"] => new BundleEntryUrl(type, id, null, criteria, true),
            [var type, var id, "_history", var version] => new BundleEntryUrl(type, id, version, criteria, false),
            _ => new BundleEntryUrl(null, null, null, null, false) { Unsupported = true },
        };
    }

    public bool Unsupported { get; init; }
}
