using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.FhirApi.Rest;

/// <summary>
/// Writes a <see cref="FhirResponse"/> over HTTP: content negotiation (<c>_format</c>, <c>Accept</c>),
/// <c>_pretty</c>, <c>_summary</c>/<c>_elements</c>, the FHIR headers, and the stored JSON as is
/// when nothing needs re-serializing.
/// </summary>
internal sealed class FhirHttpResult(FhirResponse response, BodyPreference preference = BodyPreference.Representation) : IResult
{
    public FhirResponse Response => response;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var http = httpContext.Response;
        var serializer = httpContext.RequestServices.GetRequiredService<FhirSerializer>();
        var format = FhirMediaTypes.ForResponse(request);
        if (format is null)
        {
            await WriteBodyAsync(http, serializer, StatusCodes.Status406NotAcceptable, FhirFormat.Json,
                Outcomes.Outcome(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotSupported,
                    $"Cannot produce '{request.Query["_format"]}{request.Headers.Accept}': this server speaks application/fhir+json and application/fhir+xml."),
                pretty: false, filter: null);
            return;
        }

        http.StatusCode = response.StatusCode;
        var baseUrl = FhirRequestContext.BaseUrlOf(request);
        if (response.ETag is { } etag && response.IsSuccess || response.StatusCode == StatusCodes.Status304NotModified)
        {
            if (response.ETag is { } tag)
            {
                http.Headers.ETag = tag;
            }
        }

        if (response.LastModified is { } modified)
        {
            http.Headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        }

        if (response.Location is { } location)
        {
            http.Headers.Location = $"{baseUrl}/{location}";
        }

        if (response.LeafIndex is { } leaf)
        {
            http.Headers["X-Provenance-Leaf-Index"] = leaf.ToString(CultureInfo.InvariantCulture);
        }

        if (response.RetryAfter is { } retry)
        {
            http.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            http.Headers[name] = value;
        }

        if (response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified || HttpMethods.IsHead(request.Method))
        {
            return;
        }

        var pretty = string.Equals(request.Query["_pretty"], "true", StringComparison.OrdinalIgnoreCase);
        if (response.IsSuccess && preference == BodyPreference.Minimal)
        {
            return;
        }

        if (response.IsSuccess && preference == BodyPreference.OperationOutcome)
        {
            await WriteBodyAsync(http, serializer, response.StatusCode, format.Value, Outcomes.Information($"{response.ResourceType}/{response.Id} version {response.VersionId} stored."), pretty, null);
            return;
        }

        var filter = SummaryFilter(request);
        if (!response.HasBody)
        {
            return;
        }

        http.ContentType = FhirMediaTypes.ContentTypeOf(format.Value);
        await FhirBodyWriter.WriteAsync(http.Body, response, serializer, format.Value, pretty, filter, httpContext.RequestAborted);
    }

    private static async System.Threading.Tasks.Task WriteBodyAsync(HttpResponse http, FhirSerializer serializer, int status, FhirFormat format, Resource resource, bool pretty, Func<SerializationFilter>? filter)
    {
        http.StatusCode = status;
        http.ContentType = FhirMediaTypes.ContentTypeOf(format);
        await FhirBodyWriter.WriteResourceAsync(http.Body, resource, serializer, format, pretty, filter, http.HttpContext.RequestAborted);
    }

    private static Func<SerializationFilter>? SummaryFilter(HttpRequest request)
    {
        var summary = request.Query["_summary"].ToString();
        var elements = request.Query["_elements"].ToString();
        if (!string.IsNullOrEmpty(elements))
        {
            return SerializationFilter.ForElementsFactory(elements.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return summary switch
        {
            "true" => SerializationFilter.ForSummary,
            "text" => SerializationFilter.ForText,
            "data" => SerializationFilter.ForData,
            "count" => SerializationFilter.ForCount,
            _ => null,
        };
    }
}
