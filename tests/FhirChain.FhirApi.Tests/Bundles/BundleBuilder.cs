using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Bundles;

/// <summary>Builds batch and transaction Bundles entry by entry.</summary>
public sealed class BundleBuilder(Bundle.BundleType type)
{
    private readonly Bundle bundle = new() { Type = type };

    public Bundle Bundle => bundle;

    public BundleBuilder Post(Resource resource, string? fullUrl = null, string? ifNoneExist = null) =>
        Add(Bundle.HTTPVerb.POST, resource.TypeName, resource, fullUrl, r => r.IfNoneExist = ifNoneExist);

    public BundleBuilder Put(string url, Resource resource, string? fullUrl = null, string? ifMatch = null) =>
        Add(Bundle.HTTPVerb.PUT, url, resource, fullUrl, r => r.IfMatch = ifMatch);

    public BundleBuilder Patch(string url, Resource patch) => Add(Bundle.HTTPVerb.PATCH, url, patch, null, null);

    public BundleBuilder Delete(string url) => Add(Bundle.HTTPVerb.DELETE, url, null, null, null);

    public BundleBuilder Get(string url) => Add(Bundle.HTTPVerb.GET, url, null, null, null);

    public static Binary JsonPatch(string operations) => new()
    {
        ContentType = "application/json-patch+json",
        Data = System.Text.Encoding.UTF8.GetBytes(operations),
    };

    private BundleBuilder Add(Bundle.HTTPVerb method, string url, Resource? resource, string? fullUrl, Action<Bundle.RequestComponent>? configure)
    {
        var request = new Bundle.RequestComponent { Method = method, Url = url };
        configure?.Invoke(request);
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource, Request = request });
        return this;
    }
}
