using Microsoft.Net.Http.Headers;

namespace FhirChain.FhirApi.Fhir;

/// <summary>Maps <c>_format</c>, <c>Accept</c> and <c>Content-Type</c> values to a <see cref="FhirFormat"/>.</summary>
internal static class FhirMediaTypes
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>The format a client asks for in a response; null when it names one we cannot produce.</summary>
    public static FhirFormat? ForResponse(HttpRequest request)
    {
        var format = request.Query["_format"].ToString();
        if (!string.IsNullOrEmpty(format))
        {
            return FromName(format);
        }

        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return FromContentType(request.ContentType) ?? FhirFormat.Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept.Split(','), out var values))
        {
            return FhirFormat.Json;
        }

        foreach (var value in values.OrderByDescending(v => v.Quality ?? 1.0))
        {
            var media = value.MediaType.ToString();
            if (media is "*/*" or "application/*")
            {
                return FromContentType(request.ContentType) ?? FhirFormat.Json;
            }

            if (FromName(media) is { } known)
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>The format of a request body; null for one we cannot read.</summary>
    public static FhirFormat? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return null;
        }

        return FromName(parsed.MediaType.ToString());
    }

    private static FhirFormat? FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "json" or "application/json" or "application/fhir+json" or "application/json+fhir" or "text/json" => FhirFormat.Json,
        "xml" or "application/xml" or "application/fhir+xml" or "application/xml+fhir" or "text/xml" => FhirFormat.Xml,
        _ => null,
    };

    public static string ContentTypeOf(FhirFormat format) =>
        (format == FhirFormat.Json ? Json : Xml) + "; charset=utf-8";
}
