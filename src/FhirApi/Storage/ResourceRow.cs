namespace FhirChain.FhirApi.Storage;

/// <summary>
/// One row per logical resource pointing at its current version: the base set of every search,
/// and the source of <c>_id</c>, <c>_lastUpdated</c> and counts.
/// </summary>
internal sealed class ResourceRow
{
    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public int VersionId { get; set; }

    public bool IsDeleted { get; set; }

    public long LastUpdatedMs { get; set; }

    /// <summary>The <see cref="ResourceVersionRow.Id"/> of the current version.</summary>
    public long CurrentRowId { get; set; }

    /// <summary>
    /// The one patient whose compartment holds the current version (its own id for a Patient, else the
    /// target of its Patient references); null when it is in no patient's compartment, when it is in
    /// several (see <see cref="ManyPatients"/>), and for a deleted resource. A research client's filter
    /// tests this column, held in the search's covering indexes, instead of looking up the reference
    /// index for every candidate row (<see cref="PatientColumns"/> keeps it in step on every write).
    /// </summary>
    public string? PatientRef { get; set; }

    /// <summary>The current version is in more than one patient's compartment: the filter looks its patients up in the reference index.</summary>
    public bool ManyPatients { get; set; }
}
