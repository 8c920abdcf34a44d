using System.Collections.Frozen;

namespace FhirChain.FhirApi.Validation;

/// <summary>
/// The R4 spec's FHIRPath invariants this server enforces (from the resources' StructureDefinitions).
/// Each is evaluated on every element its context selects.
/// </summary>
internal static class Invariants
{
    /// <summary>DomainResource constraints, for every resource type.</summary>
    public static readonly Invariant[] DomainResource =
    [
        new("dom-2", "%resource", "If the resource is contained in another resource, it SHALL NOT contain nested Resources", "contained.contained.empty()"),
        new("dom-4", "%resource", "If a resource is contained in another resource, it SHALL NOT have a meta.versionId or a meta.lastUpdated", "contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()"),
        new("dom-5", "%resource", "If a resource is contained in another resource, it SHALL NOT have a security label", "contained.meta.security.empty()"),
    ];

    public static readonly FrozenDictionary<string, Invariant[]> ByType = new Dictionary<string, Invariant[]>
    {
        ["Patient"] =
        [
            new("pat-1", "contact", "SHALL at least contain a contact's details or a reference to an organization", "name.exists() or telecom.exists() or address.exists() or organization.exists()"),
        ],
        ["Observation"] =
        [
            new("obs-3", "referenceRange", "Must have at least a low or a high or text", "low.exists() or high.exists() or text.exists()"),
            new("obs-6", "%resource", "dataAbsentReason SHALL only be present if Observation.value[x] is not present", "dataAbsentReason.empty() or value.empty()"),
            new("obs-7", "%resource", "If Observation.code is the same as an Observation.component.code then the value element associated with the code SHALL NOT be present", "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"),
        ],
        ["Consent"] =
        [
            new("ppc-1", "%resource", "Either a Policy or PolicyRule", "policy.exists() or policyRule.exists()"),
            new("ppc-2", "%resource", "IF Scope=privacy, there must be a patient", "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='patient-privacy').exists().not()"),
            new("ppc-3", "%resource", "IF Scope=research, there must be a patient", "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='research').exists().not()"),
            new("ppc-4", "%resource", "IF Scope=adr, there must be a patient", "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='adr').exists().not()"),
            new("ppc-5", "%resource", "IF Scope=treatment, there must be a patient", "patient.exists() or scope.coding.where(system='http://terminology.hl7.org/CodeSystem/consentscope' and code='treatment').exists().not()"),
        ],
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
