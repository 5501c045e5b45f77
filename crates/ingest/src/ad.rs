//! Native Active Directory exports (written by a helper).
