import { useState } from 'react';
import { Button, Stack, Tooltip } from '@mui/material';
import ConfirmDialog from '../library/ConfirmDialog.jsx';
import { PHASES } from './runs.js';

// What a click must be confirmed for: clean removes what the twin made, and a common twin's phase acts
// for every user. Null: the phase starts at once.
export function confirmationFor(phase, owner) {
  if (owner === 'common') {
    return `This runs ${phase} of a common twin, which every user shares. Run it?`;
  }
  if (phase === 'clean') {
    return 'clean removes what the twin made (its outputs and state). Run it?';
  }
  return null;
}

// One button per lifecycle phase, in lifecycle order; phases the twin has no program for are greyed.
export default function PhaseButtons({ phases, onRun, owner, size = 'medium' }) {
  const [asking, setAsking] = useState(null);
  const click = (phase) => (confirmationFor(phase, owner) ? setAsking(phase) : onRun(phase));
  return (
    // flexWrap in sx: MUI 9's Stack no longer takes it as a prop, and the buttons ran off narrow screens
    <Stack direction="row" spacing={1} useFlexGap sx={{ minWidth: 0, flexWrap: 'wrap' }}>
      {PHASES.map((phase) => {
        const present = phases.includes(phase);
        const button = (
          <Button key={phase} size={size} variant={phase === 'execute' ? 'contained' : 'outlined'} disabled={!present}
            onClick={() => click(phase)} aria-label={`Run ${phase}`}>
            {phase}
          </Button>
        );
        return present ? button : (
          <Tooltip key={phase} title={`No lifecycle/${phase} program`}><span>{button}</span></Tooltip>
        );
      })}
      {asking && (
        <ConfirmDialog title={`Run ${asking}?`} text={confirmationFor(asking, owner)} action={`Run ${asking}`}
          onCancel={() => setAsking(null)} onConfirm={() => { const phase = asking; setAsking(null); onRun(phase); }} />
      )}
    </Stack>
  );
}
