using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>NK1 to Patient.contact: name (NK1-2), relationship (NK1-3, v2-0063) and contact role (NK1-7, v2-0131), address (NK1-4), telecom (NK1-5 home, NK1-6 work).</summary>
internal static class Nk1Mapper
{
    public static Patient.ContactComponent? Map(Hl7Segment nk1)
    {
        var contact = new Patient.ContactComponent
        {
            Name = XpnConverter.ToHumanName(nk1.Field(2).Repetition(1)),
            Address = XadConverter.ToAddress(nk1.Field(4).Repetition(1)),
        };
        if (CweConverter.ToCodeableConcept(nk1.Field(3).Repetition(1), CodeSystems.V2Prefix + "0063") is { } relationship)
        {
            contact.Relationship.Add(relationship);
        }

        if (CweConverter.ToCodeableConcept(nk1.Field(7).Repetition(1), CodeSystems.V2Prefix + "0131") is { } role)
        {
            contact.Relationship.Add(role);
        }

        PidMapper.AddTelecom(contact.Telecom, nk1.Field(5), ContactPoint.ContactPointUse.Home);
        PidMapper.AddTelecom(contact.Telecom, nk1.Field(6), ContactPoint.ContactPointUse.Work);

        // pat-1: a contact needs a name, telecom, address or organization.
        return contact.Name is null && contact.Address is null && contact.Telecom.Count == 0 ? null : contact;
    }
}
