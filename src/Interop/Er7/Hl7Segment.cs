namespace FhirChain.Interop.Er7;

/// <summary>
/// One segment. Fields are numbered as HL7 counts them: for MSH, field 1 is the field separator
/// and field 2 the encoding characters; for other segments field 1 follows the segment id.
/// </summary>
public sealed class Hl7Segment
{
    private readonly string[] fields;

    internal Hl7Segment(string id, string[] fields, Er7Delimiters delimiters, string raw)
    {
        Id = id;
        this.fields = fields;
        Delimiters = delimiters;
        Raw = raw;
    }

    /// <summary>Three characters, e.g. "PID" or "ZPD".</summary>
    public string Id { get; }

    public Er7Delimiters Delimiters { get; }

    /// <summary>The segment as received (escaped, no terminator).</summary>
    public string Raw { get; }

    /// <summary>The highest field number present.</summary>
    public int FieldCount => fields.Length - 1;

    private bool IsHeader => Id is "MSH" or "FHS" or "BHS";

    /// <summary>The 1-based field; empty when absent.</summary>
    public Hl7Field Field(int number) =>
        number >= 1 && number < fields.Length
            ? new Hl7Field(fields[number], Delimiters, IsHeader && number <= 2)
            : new Hl7Field(string.Empty, Delimiters);

    /// <summary>Shorthand for Field(field).Repetition(1).Component(component).SubComponent(subComponent).</summary>
    public string Value(int field, int component = 1, int subComponent = 1) =>
        Field(field).Component(component).SubComponent(subComponent);

    public override string ToString() => Raw;
}
