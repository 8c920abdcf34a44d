namespace FhirChain.FhirApi.Rest;

/// <summary>What every FHIR endpoint derives from the HTTP request: the base URL and the client's preferences.</summary>
internal sealed record FhirRequestContext(string BaseUrl, bool ReturnMinimal, bool ReturnOutcome, bool? StrictHandling, bool RespondAsync)
{
    public static FhirRequestContext From(HttpRequest request)
    {
        var prefer = request.Headers["Prefer"].ToString();
        bool Has(string token) => prefer.Contains(token, StringComparison.OrdinalIgnoreCase);
        return new FhirRequestContext(
            BaseUrlOf(request),
            Has("return=minimal"),
            Has("return=OperationOutcome"),
            Has("handling=strict") ? true : Has("handling=lenient") ? false : null,
            Has("respond-async"));
    }

    public static string BaseUrlOf(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
}
