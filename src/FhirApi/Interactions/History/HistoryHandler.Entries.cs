using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Interactions.History;

/// <summary>A history entry: the version's request (POST, PUT or DELETE) and response; its content (unless deleted) is the version's stored JSON.</summary>
internal sealed partial class HistoryHandler
{
    private static Bundle.EntryComponent Entry(string baseUrl, ResourceVersionRow row)
    {
        var versionId = row.VersionId.ToString(CultureInfo.InvariantCulture);
        return new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{row.ResourceType}/{row.ResourceId}",
            Request = new Bundle.RequestComponent
            {
                Method = row.Operation switch
                {
                    VersionOperation.Create when row.VersionId == 1 => Bundle.HTTPVerb.POST,
                    VersionOperation.Delete => Bundle.HTTPVerb.DELETE,
                    _ => Bundle.HTTPVerb.PUT,
                },
                Url = row.Operation == VersionOperation.Create && row.VersionId == 1 ? row.ResourceType : $"{row.ResourceType}/{row.ResourceId}",
            },
            Response = new Bundle.ResponseComponent
            {
                Status = row.Operation switch
                {
                    VersionOperation.Create => "201 Created",
                    VersionOperation.Delete => "204 No Content",
                    _ => "200 OK",
                },
                Etag = ETags.For(row.VersionId),
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdatedMs),
                Location = $"{row.ResourceType}/{row.ResourceId}/_history/{versionId}",
            },
        };
    }
}
