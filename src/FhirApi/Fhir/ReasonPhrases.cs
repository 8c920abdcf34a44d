namespace FhirChain.FhirApi.Fhir;

/// <summary>HTTP reason phrases for bundle <c>response.status</c> lines.</summary>
internal static class ReasonPhrases
{
    public static string GetReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
