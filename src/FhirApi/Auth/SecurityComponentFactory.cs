using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Auth;

/// <summary>The CapabilityStatement's <c>rest.security</c>: SMART on FHIR bearer tokens when auth is on.</summary>
internal static class SecurityComponentFactory
{
    public static CapabilityStatement.SecurityComponent Create(AuthOptions options)
    {
        var security = new CapabilityStatement.SecurityComponent
        {
            Cors = false,
            Description = options.Enabled
                ? "SMART on FHIR v2 (v1 read/write accepted): every FHIR call needs 'Authorization: Bearer <JWT>' with SMART scopes "
                  + "(patient/, user/, system/). A token whose purpose_of_use is HRESCH is a research client: it sees only data its patients' "
                  + "active research Consents permit. /fhir/metadata and /log/* are public."
                : "Authentication is off (Auth:Enabled=false): every caller has full access.",
        };
        if (options.Enabled)
        {
            security.Service.Add(new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR"));
            var uris = new Extension { Url = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris" };
            var authority = string.IsNullOrEmpty(options.Authority) ? null : options.Authority.TrimEnd('/');
            uris.Extension.Add(new Extension("token", new FhirUri(authority is null ? "urn:fhirchain:token-command" : authority + "/token")));
            uris.Extension.Add(new Extension("authorize", new FhirUri(authority is null ? "urn:fhirchain:token-command" : authority + "/authorize")));
            security.Extension.Add(uris);
        }

        return security;
    }
}
