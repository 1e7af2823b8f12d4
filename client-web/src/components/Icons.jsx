import { SvgIcon } from '@mui/material';

// Drawn here (Material Design paths) rather than relying on emoji fonts, which servers often lack.
export function FolderIcon(props) {
  return (
    <SvgIcon fontSize="small" {...props}>
      <path d="M10 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8l-2-2z" />
    </SvgIcon>
  );
}

export function FileIcon(props) {
  return (
    <SvgIcon fontSize="small" {...props}>
      <path d="M14 2H6c-1.1 0-2 .9-2 2v16c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z" />
    </SvgIcon>
  );
}
