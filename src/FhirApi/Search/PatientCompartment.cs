using System.Collections.Frozen;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The R4 Patient compartment (http://hl7.org/fhir/R4/compartmentdefinition-patient.html): for each
/// resource type in it, the reference parameters that link a resource to the patient. Types the
/// definition lists without parameters are left out.
/// </summary>
internal static class PatientCompartment
{
    public static readonly FrozenDictionary<string, string[]> Parameters = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Account"] = ["subject"],
        ["AdverseEvent"] = ["subject"],
        ["AllergyIntolerance"] = ["patient", "recorder", "asserter"],
        ["Appointment"] = ["actor"],
        ["AppointmentResponse"] = ["actor"],
        ["AuditEvent"] = ["patient"],
        ["Basic"] = ["patient", "author"],
        ["BodyStructure"] = ["patient"],
        ["CarePlan"] = ["patient", "performer"],
        ["CareTeam"] = ["patient", "participant"],
        ["ChargeItem"] = ["subject"],
        ["Claim"] = ["patient", "payee"],
        ["ClaimResponse"] = ["patient"],
        ["ClinicalImpression"] = ["subject"],
        ["Communication"] = ["subject", "sender", "recipient"],
        ["CommunicationRequest"] = ["subject", "sender", "recipient", "requester"],
        ["Composition"] = ["subject", "author", "attester"],
        ["Condition"] = ["patient", "asserter"],
        ["Consent"] = ["patient"],
        ["Coverage"] = ["policy-holder", "subscriber", "beneficiary", "payor"],
        ["CoverageEligibilityRequest"] = ["patient"],
        ["CoverageEligibilityResponse"] = ["patient"],
        ["DetectedIssue"] = ["patient"],
        ["DeviceRequest"] = ["subject", "performer"],
        ["DeviceUseStatement"] = ["subject"],
        ["DiagnosticReport"] = ["subject"],
        ["DocumentManifest"] = ["subject", "author", "recipient"],
        ["DocumentReference"] = ["subject", "author"],
        ["Encounter"] = ["patient"],
        ["EnrollmentRequest"] = ["subject"],
        ["EpisodeOfCare"] = ["patient"],
        ["ExplanationOfBenefit"] = ["patient", "payee"],
        ["FamilyMemberHistory"] = ["patient"],
        ["Flag"] = ["patient"],
        ["Goal"] = ["patient"],
        ["Group"] = ["member"],
        ["ImagingStudy"] = ["patient"],
        ["Immunization"] = ["patient"],
        ["ImmunizationEvaluation"] = ["patient"],
        ["ImmunizationRecommendation"] = ["patient"],
        ["Invoice"] = ["subject", "patient", "recipient"],
        ["List"] = ["subject", "source"],
        ["MeasureReport"] = ["patient"],
        ["Media"] = ["subject"],
        ["MedicationAdministration"] = ["patient", "performer", "subject"],
        ["MedicationDispense"] = ["subject", "patient", "receiver"],
        ["MedicationRequest"] = ["subject"],
        ["MedicationStatement"] = ["subject"],
        ["MolecularSequence"] = ["patient"],
        ["NutritionOrder"] = ["patient"],
        ["Observation"] = ["subject", "performer"],
        ["Patient"] = ["link"],
        ["Person"] = ["patient"],
        ["Procedure"] = ["patient", "performer"],
        ["Provenance"] = ["patient"],
        ["QuestionnaireResponse"] = ["subject", "author"],
        ["RelatedPerson"] = ["patient"],
        ["RequestGroup"] = ["subject", "participant"],
        ["ResearchSubject"] = ["individual"],
        ["RiskAssessment"] = ["subject"],
        ["Schedule"] = ["actor"],
        ["ServiceRequest"] = ["subject", "performer"],
        ["Specimen"] = ["subject"],
        ["SupplyDelivery"] = ["patient"],
        ["SupplyRequest"] = ["requester"],
        ["VisionPrescription"] = ["patient"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary><c>Type.param</c> keys for every link, for one SQL <c>IN</c>.</summary>
    public static readonly string[] Links = Parameters.SelectMany(p => p.Value.Select(param => p.Key + "." + param)).ToArray();
}
