namespace FhirChain.Provenance.Leaves;

/// <summary>The interaction a leaf records (the <c>op:</c> line).</summary>
public enum LeafOperation
{
    /// <summary>The first version of a resource, or a version written after a delete.</summary>
    Create,

    /// <summary>A later version.</summary>
    Update,

    /// <summary>A deletion marker; it has no content.</summary>
    Delete,
}
