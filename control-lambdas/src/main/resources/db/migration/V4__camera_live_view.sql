-- Live-view health as the stream node a camera publishes to reports it on its heartbeat (NodeLoad.camerasWithBFrames).
-- 'b_frames': the camera's stream has B-frames, which browsers cannot play over WebRTC, so the node refuses its live
-- view. Null: no problem known. Set and cleared per heartbeat for the cameras publishing at that node; cleared when
-- the camera goes offline.
alter table cameras
    add column live_view_problem text,
    add constraint cameras_live_view_problem check (live_view_problem in ('b_frames'));
