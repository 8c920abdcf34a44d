using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Bundles;

/// <summary>Turns an interaction's <see cref="FhirResponse"/> into a bundle response entry.</summary>
internal sealed class EntryResponses(FhirSerializer serializer)
{
    public Bundle.EntryComponent ToEntry(FhirResponse response, string baseUrl, bool returnMinimal)
    {
        var entry = new Bundle.EntryComponent
        {
            Response = new Bundle.ResponseComponent
            {
                Status = $"{response.StatusCode} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode)}",
                Etag = response.ETag,
                LastModified = response.LastModified,
                Location = response.Location is null ? null : $"{baseUrl}/{response.Location}",
            },
        };
        if (response.ResourceType is not null && response.Id is not null)
        {
            entry.FullUrl = $"{baseUrl}/{response.ResourceType}/{response.Id}";
        }

        if (!response.IsSuccess)
        {
            entry.Response.Outcome = response.Resource;
        }
        else if (!returnMinimal)
        {
            entry.Resource = response.Resource ?? (response.StoredJson is { } json ? serializer.FromStoredJson(json) : null);
        }

        return entry;
    }

}
