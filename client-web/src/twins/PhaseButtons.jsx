import { Button, Stack, Tooltip } from '@mui/material';
import { PHASES } from './runs.js';

// One button per lifecycle phase, in lifecycle order; phases the twin has no program for are greyed.
export default function PhaseButtons({ phases, onRun, size = 'medium' }) {
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" sx={{ minWidth: 0 }}>
      {PHASES.map((phase) => {
        const present = phases.includes(phase);
        const button = (
          <Button key={phase} size={size} variant={phase === 'execute' ? 'contained' : 'outlined'} disabled={!present}
            onClick={() => onRun(phase)} aria-label={`Run ${phase}`}>
            {phase}
          </Button>
        );
        return present ? button : (
          <Tooltip key={phase} title={`No lifecycle/${phase} program`}><span>{button}</span></Tooltip>
        );
      })}
    </Stack>
  );
}
