using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Rest;

/// <summary>Reads and parses a FHIR request body, turning every way it can be wrong into the right status and OperationOutcome.</summary>
internal sealed class BodyParser(FhirSerializer serializer, IOptions<FhirServerOptions> options)
{
    public Task<BodyParseResult> ParseAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ParseAsync(request, judgeContentLater: false, cancellationToken);

    /// <param name="request">The HTTP request whose body is read.</param>
    /// <param name="judgeContentLater">
    /// For Bundles posted to the base: content findings (422 material) inside entries are left to
    /// each entry's own write, so a batch fails only that entry and a transaction names the entry.
    /// </param>
    /// <param name="cancellationToken">Stops reading the body.</param>
    public async Task<BodyParseResult> ParseAsync(HttpRequest request, bool judgeContentLater, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            return BodyParseResult.Fail(Outcomes.Error(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooLong,
                $"The request body is larger than the limit of {options.Value.MaxRequestBodyBytes} bytes (Fhir:MaxRequestBodyBytes)."));
        }

        if (body.Length == 0)
        {
            return BodyParseResult.Fail(Outcomes.BadRequest("The request has no body; a FHIR resource was expected."));
        }

        var format = FhirMediaTypes.FromContentType(request.ContentType) ?? Sniff(body, request.ContentType);
        if (format is null)
        {
            return BodyParseResult.Fail(Outcomes.Error(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Content-Type '{request.ContentType}' is not supported: send application/fhir+json or application/fhir+xml."));
        }

        var parsed = serializer.Parse(body, format.Value);
        if (parsed.Resource is null || parsed.SyntaxIssues.Count > 0)
        {
            return BodyParseResult.Fail(FhirResponse.Of(StatusCodes.Status400BadRequest, ToOutcome(parsed.Issues, "Resource", OperationOutcome.IssueType.Structure)), parsed);
        }

        if (parsed.ValidationIssues.Count > 0 && !(judgeContentLater && parsed.Resource is Bundle))
        {
            return BodyParseResult.Fail(FhirResponse.Of(StatusCodes.Status422UnprocessableEntity, ToOutcome(parsed.ValidationIssues, parsed.Resource.TypeName, OperationOutcome.IssueType.Invariant)), parsed);
        }

        return new BodyParseResult(parsed.Resource, null, parsed);
    }

    private static FhirFormat? Sniff(byte[] body, string? contentType)
    {
        if (!string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == '{' ? FhirFormat.Json : b == '<' ? FhirFormat.Xml : null;
        }

        return null;
    }

    private static OperationOutcome ToOutcome(IEnumerable<ParseIssue> issues, string type, OperationOutcome.IssueType code) => new()
    {
        Issue = issues.Select(i => Outcomes.Issue(OperationOutcome.IssueSeverity.Error, code, i.Message, Locations.ToExpression(type, i.Location))).ToList(),
    };
}
