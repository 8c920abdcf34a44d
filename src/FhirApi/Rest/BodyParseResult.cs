using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Rest;

/// <summary>A parsed body, or the response that says why there is none.</summary>
internal sealed record BodyParseResult(Resource? Resource, FhirResponse? Error, ParseResult? Parsed)
{
    public static BodyParseResult Fail(FhirResponse error, ParseResult? parsed = null) => new(null, error, parsed);
}
