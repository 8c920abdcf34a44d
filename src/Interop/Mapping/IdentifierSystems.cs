using System.Text.RegularExpressions;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// Turns an HL7 assigning authority (HD: namespace id ^ universal id ^ universal id type) into an
/// identifier system URI: an OID becomes <c>urn:oid:</c>, a URI or UUID is used as is, otherwise
/// the namespace id gives <c>urn:fhirchain:v2:assigning-authority:&lt;namespace&gt;</c>.
/// </summary>
internal static partial class IdentifierSystems
{
    public const string AssigningAuthorityPrefix = "urn:fhirchain:v2:assigning-authority:";
    public const string ControlIdPrefix = "urn:fhirchain:v2:control-id:";

    public static string? FromAuthority(string namespaceId, string universalId, string universalIdType)
    {
        namespaceId = namespaceId.Trim();
        universalId = universalId.Trim();
        var type = universalIdType.Trim().ToUpperInvariant();
        if (universalId.Length > 0)
        {
            if (Oid().IsMatch(universalId) && type is "ISO" or "" or "HL7")
            {
                return "urn:oid:" + universalId;
            }

            if (type == "UUID" && Guid.TryParse(universalId, out var guid))
            {
                return "urn:uuid:" + guid.ToString("D");
            }

            if ((type is "URI" or "URL" or "") && Uri.TryCreate(universalId, UriKind.Absolute, out _) && !universalId.Any(char.IsWhiteSpace))
            {
                return universalId;
            }
        }

        return namespaceId.Length > 0 ? AssigningAuthorityPrefix + Uri.EscapeDataString(namespaceId) : null;
    }

    public static string ControlId(string sendingApplication, string sendingFacility) =>
        ControlIdPrefix + Uri.EscapeDataString(sendingApplication) + "^" + Uri.EscapeDataString(sendingFacility);

    [GeneratedRegex("^[0-2](\\.(0|[1-9][0-9]*))+$")]
    private static partial Regex Oid();
}
