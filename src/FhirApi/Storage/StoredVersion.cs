using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Storage;

/// <summary>A version just written in a write session: its row (with leaf index) and the resource as stored.</summary>
internal sealed record StoredVersion(ResourceVersionRow Row, Resource? Resource)
{
    public DateTimeOffset LastModified => DateTimeOffset.FromUnixTimeMilliseconds(Row.LastUpdatedMs);
}
