package stance

import "hash/fnv"

// EmergentPair is one claim/headline pair of an Emergent style file. Group
// names the claim (its claim_id, or the text itself): the other headlines on
// the same claim give unlabeled context (PeerFeatures).
type EmergentPair struct {
	Claim    string
	Headline string
	Group    string
}

// EmergentOptions are the training options of the claim-versus-headline
// model of the Emergent eval (EmergentRows features).
var EmergentOptions = TrainOptions{L2: EmergentL2, SparseL2: EmergentSparseL2, NSparse: HashDim, Epochs: 300}

// EmergentRows computes the rows the Emergent model reads: PairRow of each
// claim and headline, with IDF over the headlines given, then PeerFeatures
// of the other headlines on the same claim. This differs from ClaimStance
// (dense HeadlineFeatures only, no IDF), which must work on one text alone.
func EmergentRows(pairs []EmergentPair) []Row {
	docs := make([]string, len(pairs))
	byClaim := map[string][]int{}
	for i, p := range pairs {
		docs[i] = p.Headline
		byClaim[p.Group] = append(byClaim[p.Group], i)
	}
	idf := NewIDF(docs)
	rows := make([]Row, len(pairs))
	for i, p := range pairs {
		rows[i] = PairRow(p.Claim, p.Headline, idf)
		var peers []string
		for _, j := range byClaim[p.Group] {
			if j != i {
				peers = append(peers, pairs[j].Headline)
			}
		}
		rows[i].Dense = append(rows[i].Dense, PeerFeatures(peers)...)
	}
	return rows
}

// ShippedEmergent returns the claim-versus-headline model (EmergentLabels)
// fitted with EmergentOptions on all the Emergent dev pairs, as shipped in
// emergent_weights.go (go test ./internal/stance -run TestShippedEmergent
// -update).
func ShippedEmergent() *Model {
	return emergentModel.model()
}

// EmergentFingerprint identifies a labelled Emergent file by its pairs and
// labels, in order (FittedOnEmergent).
func EmergentFingerprint(pairs []EmergentPair, labels []string) uint64 {
	h := fnv.New64a()
	for i, p := range pairs {
		h.Write([]byte(p.Claim))
		h.Write([]byte{0})
		h.Write([]byte(p.Headline))
		h.Write([]byte{0})
		if i < len(labels) {
			h.Write([]byte(labels[i]))
		}
		h.Write([]byte{'\n'})
	}
	return h.Sum64()
}

// FittedOnEmergent reports whether pairs and labels are the file the shipped
// Emergent model was fitted on, whose figures are then training figures.
func FittedOnEmergent(pairs []EmergentPair, labels []string) bool {
	return EmergentFingerprint(pairs, labels) == emergentDevFingerprint
}
