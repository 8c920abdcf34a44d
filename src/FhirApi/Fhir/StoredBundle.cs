using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Fhir;

/// <summary>
/// A searchset or history Bundle built from storage: the Bundle itself (id, meta, type, total, links)
/// and its entries (fullUrl, search, request, response) as POCOs, but for each entry of a stored
/// version the version's stored JSON in place of a parsed resource. Plain JSON responses splice that
/// JSON into the body as it is (<see cref="WriteJsonAsync"/>), so a page of resources is neither parsed
/// nor serialized again; everything else (XML, <c>_pretty</c>, a batch entry embedding the result, a
/// reader of <see cref="FhirResponse.Resource"/>) asks for <see cref="Bundle"/>, parsed on demand.
/// An entry may carry a resource instead (the OperationOutcome of ignored parameters, a resource
/// shaped by <c>_summary</c>/<c>_elements</c>), written by the serializer.
/// </summary>
internal sealed partial class StoredBundle(Bundle.BundleType type, FhirSerializer serializer)
{
    private readonly List<string?> storedJson = [];
    private Bundle? parsed;

    /// <summary>
    /// The Bundle without the stored resources: what builders set the total and links on and add
    /// entries to (through <see cref="Add"/>). Not to be changed once the response is made.
    /// </summary>
    public Bundle Skeleton { get; } = new() { Type = type, Id = IdRules.NewId(), Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };

    /// <summary>The Bundle with every entry's resource parsed from its stored JSON, the first time it is asked for.</summary>
    public Bundle Bundle => parsed ??= Parse();

    /// <summary>Adds an entry, with the stored JSON of its resource (null when the entry has none, or carries its resource itself).</summary>
    public void Add(Bundle.EntryComponent entry, string? json)
    {
        if (parsed is not null)
        {
            throw new InvalidOperationException("The bundle was already parsed: build it before reading it.");
        }

        Skeleton.Entry.Add(entry);
        storedJson.Add(json);
    }

    /// <summary>Parses the stored JSON into the skeleton's entries (once: the skeleton becomes the Bundle).</summary>
    private Bundle Parse()
    {
        for (var i = 0; i < storedJson.Count; i++)
        {
            if (storedJson[i] is { } json)
            {
                Skeleton.Entry[i].Resource = serializer.FromStoredJson(json);
            }
        }

        return Skeleton;
    }
}
