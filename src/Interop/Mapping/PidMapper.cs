using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>PID to Patient (HL7 v2-to-FHIR IG "PID to Patient" map, main fields).</summary>
internal static class PidMapper
{
    private const string BirthTimeExtension = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";

    /// <summary>The message's PID as a Patient with its key; null (after an error) when there is no PID or it cannot be mapped.</summary>
    public static (Patient Patient, Identifier Key)? MapRequired(MappingContext context)
    {
        var pid = context.Message.Segment("PID");
        if (pid is null)
        {
            context.Error(Hl7ErrorCode.SegmentSequenceError, "The message has no PID segment.", "PID");
            return null;
        }

        return Map(context, pid);
    }

    /// <summary>The Patient and the identifier (first of PID-3) it is keyed on; null after an error.</summary>
    public static (Patient Patient, Identifier Key)? Map(MappingContext context, Hl7Segment pid)
    {
        var patient = new Patient();
        foreach (var cx in pid.Field(3).Repetitions)
        {
            if (CxConverter.ToIdentifier(cx, context.FallbackAuthority) is { } identifier)
            {
                patient.Identifier.Add(identifier);
            }
        }

        if (patient.Identifier.Count == 0)
        {
            context.Error(Hl7ErrorCode.RequiredFieldMissing, "PID-3 patient identifier list has no identifier.", pid, 3);
            return null;
        }

        var key = patient.Identifier[0];
        var ssn = pid.Value(19).Trim();
        if (ssn.Length > 0 && !patient.Identifier.Any(i => i.Value == ssn))
        {
            patient.Identifier.Add(new Identifier("http://hl7.org/fhir/sid/us-ssn", ssn) { Type = new CodeableConcept(CodeSystems.V2Prefix + "0203", "SS") });
        }

        foreach (var xpn in pid.Field(5).Repetitions)
        {
            if (XpnConverter.ToHumanName(xpn) is { } name)
            {
                patient.Name.Add(name);
            }
        }

        MapBirth(context, pid, patient);
        patient.Gender = Gender(pid.Value(8));
        foreach (var xad in pid.Field(11).Repetitions)
        {
            if (XadConverter.ToAddress(xad) is { } address)
            {
                patient.Address.Add(address);
            }
        }

        AddTelecom(patient.Telecom, pid.Field(13), ContactPoint.ContactPointUse.Home);
        AddTelecom(patient.Telecom, pid.Field(14), ContactPoint.ContactPointUse.Work);
        if (CweConverter.ToCodeableConcept(pid.Field(15).Repetition(1), "urn:ietf:bcp:47") is { } language)
        {
            patient.Communication.Add(new Patient.CommunicationComponent { Language = language, Preferred = true });
        }

        if (CweConverter.ToCodeableConcept(pid.Field(16).Repetition(1), "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus") is { } marital)
        {
            patient.MaritalStatus = marital;
        }

        MapMultipleBirth(pid, patient);
        MapDeceased(context, pid, patient);
        return (patient, key);
    }

    public static void AddTelecom(List<ContactPoint> target, Hl7Field field, ContactPoint.ContactPointUse use)
    {
        foreach (var xtn in field.Repetitions)
        {
            if (XtnConverter.ToContactPoint(xtn, use) is { } point)
            {
                target.Add(point);
            }
        }
    }

    public static AdministrativeGender? Gender(string code) => code.Trim().ToUpperInvariant() switch
    {
        "M" => AdministrativeGender.Male,
        "F" => AdministrativeGender.Female,
        "O" or "A" => AdministrativeGender.Other,
        "U" or "N" => AdministrativeGender.Unknown,
        _ => null,
    };

    private static void MapBirth(MappingContext context, Hl7Segment pid, Patient patient)
    {
        var ts = pid.Value(7);
        if (ts.Length == 0)
        {
            return;
        }

        if (TsConverter.ToDate(ts) is not { } date)
        {
            context.Errors.Add(new AckError(Hl7ErrorCode.DataTypeError, $"PID-7 '{ts}' is not an HL7 date/time; ignored.", "PID", context.IndexOf(pid), 7, AckSeverity.Warning));
            return;
        }

        patient.BirthDateElement = date;
        if (ts.Trim().Length > 8 && context.DateTime(ts) is { } birthTime)
        {
            patient.BirthDateElement.Extension.Add(new Extension(BirthTimeExtension, birthTime));
        }
    }

    private static void MapMultipleBirth(Hl7Segment pid, Patient patient)
    {
        if (int.TryParse(pid.Value(25), System.Globalization.CultureInfo.InvariantCulture, out var order) && order > 0)
        {
            patient.MultipleBirth = new Integer(order);
        }
        else if (pid.Value(24) is "Y" or "N")
        {
            patient.MultipleBirth = new FhirBoolean(pid.Value(24) == "Y");
        }
    }

    private static void MapDeceased(MappingContext context, Hl7Segment pid, Patient patient)
    {
        if (context.DateTime(pid.Value(29)) is { } when)
        {
            patient.Deceased = when;
        }
        else if (pid.Value(30) is "Y" or "N")
        {
            patient.Deceased = new FhirBoolean(pid.Value(30) == "Y");
        }
    }
}
